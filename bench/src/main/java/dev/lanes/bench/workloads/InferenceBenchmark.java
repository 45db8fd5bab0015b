package dev.lanes.bench.workloads;

import dev.lanes.nn.Sequential;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
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
 * W6: inference under no-grad, {@code net.call(x)} inside {@code GradMode.noGrad()} on a model in eval mode.
 * {@code model}: {@code b1-64} (batch 1, 64-128-64-10), {@code b1-784} (batch 1, 784-512-256-10),
 * {@code b256-784} (batch 256, 784-512-256-10; samples/s = 256 / time).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class InferenceBenchmark {

    @Param({"b1-64", "b1-784", "b256-784"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(threads);
        int batch = switch (model) {
            case "b1-64", "b1-784" -> 1;
            case "b256-784" -> 256;
            default -> throw new IllegalArgumentException("model must be b1-64, b1-784 or b256-784, got " + model);
        };
        boolean small = model.endsWith("-64");
        net = Nets.build(small ? Nets.DIGITS : Nets.MNIST);
        net.eval();
        x = Tensor.rand(1, batch, small ? 64 : 784);
    }

    @Benchmark
    public Tensor predict() {
        try (var scope = GradMode.noGrad()) {
            return net.call(x);
        }
    }
}
