package dev.lanes.bench.kernel;

import dev.lanes.bench.VectorOnly;
import dev.lanes.kernel.Kernel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM time per call in the three forms; GFLOP/s = 2·m·k·n / time (bench/scripts/gemm_compare.py prints it).
 * Shapes: square sizes and the MLP shapes (batch x in x out).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class GemmBenchmark {

    @Param({"64", "128", "256", "512", "1024", "128x784x512", "32x64x128"})
    public String shape;

    /** matmul = A·B, transB = A·Bᵀ, transA = Aᵀ·B. */
    @Param({"matmul", "transB", "transA"})
    public String form;

    @Param({"vector"})
    public String impl;

    @Param({"1"})
    public String threads;

    private Kernel kernel;
    private float[] a;
    private float[] b;
    private float[] c;
    private int m;
    private int k;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        Shape s = Shape.parse(shape);
        m = s.m();
        k = s.k();
        n = s.n();
        Random rnd = new Random(42);
        a = Shape.random(rnd, m * k);
        b = Shape.random(rnd, k * n);
        c = new float[m * n];
        kernel = KernelChoice.kernel(impl);
        KernelChoice.threads(impl, threads);
    }

    @Benchmark
    public float[] gemm() {
        switch (form) {
            case "matmul" -> kernel.matmul(a, b, c, m, k, n, false);
            case "transB" -> kernel.matmulTransB(a, b, c, m, k, n, false);
            case "transA" -> kernel.matmulTransA(a, b, c, m, k, n, false);
            default -> throw new IllegalArgumentException("form " + form);
        }
        return c;
    }
}
