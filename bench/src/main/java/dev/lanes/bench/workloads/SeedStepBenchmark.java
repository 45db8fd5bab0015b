package dev.lanes.bench.workloads;

import dev.lanes.bench.VectorOnly;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
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
 * W1 and W2: one training step of the seed's first two programs, as a user writes it —
 * {@code yp = net.call(x); loss = lossFn.call(yp, y); opt.zeroGrad(); loss.backward(); opt.step()}.
 * W1: 3-10-6-4 (sigmoid, relu, sigmoid), MSELoss, SGD lr 0.1, batch 10 of normal(0, 10).
 * W2: 2-2-3 (relu, sigmoid), MSELoss, Adam lr 0.01, batch 4 of {0, 1}. {@code path}: see {@link TrainingPath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class SeedStepBenchmark {

    @Param({"W1", "W2"})
    public String workload;

    @Param({"autograd", "trainstep"})
    public String path;

    private TrainingPath step;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(1);
        switch (workload) {
            case "W1" -> {
                Sequential net = Nets.build(Nets.W1);
                step = TrainingPath.of(path, net, new MSELoss(), new SGD(net.parameters(), 0.1f));
                x = Nets.normal(1, 10f, 10, 3);
                y = Nets.normal(2, 10f, 10, 4);
            }
            case "W2" -> {
                Sequential net = Nets.build(Nets.W2);
                step = TrainingPath.of(path, net, new MSELoss(), new Adam(net.parameters(), 0.01f));
                x = Tensor.randint(0, 2, new Random(1), 4, 2);
                y = Tensor.randint(0, 2, new Random(2), 4, 3);
            }
            default -> throw new IllegalArgumentException("workload must be W1 or W2, got " + workload);
        }
    }

    @Benchmark
    public float step() {
        return step.step(x, y);
    }
}
