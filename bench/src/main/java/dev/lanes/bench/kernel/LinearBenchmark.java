package dev.lanes.bench.kernel;

import dev.lanes.bench.VectorOnly;
import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.PackedLinear;
import java.util.Arrays;
import java.util.Locale;
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
 * A dense layer Y = act(X·Wᵀ + b), fused (one kernel call) against the unfused sequence an engine without fusion
 * runs: matmul, then a bias pass, then an activation pass — and the same for backward. {@code forwardPacked} is
 * the fused forward on weights prepared once ({@code Kernel.packLinear}, what inference snapshots use).
 * Shapes are batch x in x out: the seed's tiny layers, and MLP layers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class LinearBenchmark {

    @Param({"64x3x10", "64x10x6", "32x64x128", "128x784x512"})
    public String shape;

    @Param({"relu", "sigmoid"})
    public String activation;

    @Param({"vector"})
    public String impl;

    @Param({"1"})
    public String threads;

    private Kernel kernel;
    private Activation act;
    private int batch;
    private int in;
    private int out;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] preAct;
    private float[] dY;
    private float[] dZ;
    private float[] dX;
    private float[] dW;
    private float[] dBias;
    private PackedLinear packed;
    private float[] forwardPreAct;

    @Setup(Level.Trial)
    public void setUp() {
        Shape s = Shape.parse(shape);
        batch = s.m();
        in = s.k();
        out = s.n();
        act = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        kernel = KernelChoice.kernel(impl);
        KernelChoice.threads(impl, threads);
        Random rnd = new Random(7);
        x = Shape.random(rnd, batch * in);
        w = Shape.random(rnd, out * in);
        bias = Shape.random(rnd, out);
        y = new float[batch * out];
        preAct = new float[batch * out];
        dY = Shape.random(rnd, batch * out);
        dZ = new float[batch * out];
        dX = new float[batch * in];
        dW = new float[out * in];
        dBias = new float[out];
        kernel.linearForward(x, w, bias, act, 0f, y, preAct, batch, in, out);
        forwardPreAct = act.needsPreActivation() ? preAct : null;
        packed = kernel.packLinear(w, bias, in, out);
    }

    @Benchmark
    public float[] forwardFused() { // keeps the pre-activation only where backward needs it (GELU, SiLU), as training
        kernel.linearForward(x, w, bias, act, 0f, y, forwardPreAct, batch, in, out);
        return y;
    }

    @Benchmark
    public float[] forwardPacked() {
        kernel.linearForward(x, packed, act, 0f, y, forwardPreAct, batch);
        return y;
    }

    @Benchmark
    public float[] forwardUnfused() {
        kernel.matmulTransB(x, w, y, batch, in, out, false);
        for (int r = 0; r < batch; r++) { // the broadcast bias add, as a separate elementwise op
            for (int j = 0; j < out; j++) {
                y[r * out + j] += bias[j];
            }
        }
        kernel.activationForward(act, 0f, y, y, batch * out);
        return y;
    }

    @Benchmark
    public float[] backwardFused() {
        kernel.linearBackward(x, w, y, preAct, act, 0f, dY, dZ, dX, dW, dBias, batch, in, out);
        return dW;
    }

    @Benchmark
    public float[] backwardUnfused() {
        Arrays.fill(dZ, 0f);
        kernel.activationBackward(act, 0f, preAct, y, dY, dZ, batch * out);
        kernel.sumRows(dZ, dBias, batch, out);
        kernel.matmul(dZ, w, dX, batch, out, in, false);
        kernel.matmulTransA(dZ, x, dW, out, batch, in, true);
        return dW;
    }
}
