package dev.lanes.bench.smile;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;

/**
 * W1 in Smile: 3-10-6-4 (sigmoid, relu, sigmoid output), mean squared error, SGD lr 0.1, a mini-batch of 10 rows of
 * normal(0, 10); one op = one training step. Lanes' side: {@code SeedStepBenchmark -p workload=W1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class SmileStepBenchmark {

    private SmileNet net;
    private double[][] x;
    private double[][] y;

    @Setup(Level.Trial)
    public void setUp() {
        net = new SmileNet(0.1, Layer.input(3), Layer.sigmoid(10), Layer.rectifier(6),
                Layer.mse(4, OutputFunction.SIGMOID));
        x = SmileNet.normal(1, 10, 10, 3);
        y = SmileNet.normal(2, 10, 10, 4);
    }

    @Benchmark
    public SmileNet w1Step() {
        net.step(x, y);
        return net;
    }
}
