package dev.lanes.bench.smile;

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
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;

/**
 * W6 in Smile: a model's outputs for a batch, in eval mode. {@code b1-64}: one row through 64-128-64-10;
 * {@code b1-784}: one row through 784-512-256-10; {@code b256-784}: 256 rows through 784-512-256-10 (Smile predicts
 * row by row; samples/s = 256 / time). ReLU hidden layers, a linear output, as Lanes' {@code InferenceBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class SmileInferenceBenchmark {

    @Param({"b1-64", "b1-784", "b256-784"})
    public String model;

    private SmileNet net;
    private double[][] x;

    @Setup(Level.Trial)
    public void setUp() {
        boolean small = model.equals("b1-64");
        net = small
                ? new SmileNet(0.01, Layer.input(64), Layer.rectifier(128), Layer.rectifier(64),
                        Layer.mse(10, OutputFunction.LINEAR))
                : new SmileNet(0.01, Layer.input(784), Layer.rectifier(512), Layer.rectifier(256),
                        Layer.mse(10, OutputFunction.LINEAR));
        int rows = switch (model) {
            case "b1-64", "b1-784" -> 1;
            case "b256-784" -> 256;
            default -> throw new IllegalArgumentException("model must be b1-64, b1-784 or b256-784, got " + model);
        };
        x = SmileNet.normal(3, 1, rows, small ? 64 : 784);
    }

    @Benchmark
    public double predict() {
        double sum = 0;
        for (double[] row : x) {
            sum += net.predict(row)[0];
        }
        return sum;
    }
}
