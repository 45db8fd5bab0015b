package dev.lanes.bench.workloads;

import dev.lanes.bench.ThreadCount;
import dev.lanes.bench.VectorOnly;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Sequential;
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
 * W5: one training step of 784-512-256-10 ReLU, CrossEntropyLoss, SGD lr 0.01 momentum 0.9, batch 128 of
 * uniform [0, 1) pixels. Samples/s = {@link #BATCH} / (time per step). {@code path}: see {@link TrainingPath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class MlpTrainBenchmark {

    public static final int BATCH = 128;

    /** Kernel threads: a count or "all" ({@link ThreadCount}). */
    @Param({"1", "2"})
    public String threads;

    @Param({"autograd", "trainstep"})
    public String path;

    private TrainingPath step;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(ThreadCount.parse(threads));
        Sequential net = Nets.build(Nets.MNIST);
        SGD sgd = new SGD(net.parameters(), 0.01f, 0.9f, 0f, 0f, false);
        step = TrainingPath.of(path, net, new CrossEntropyLoss(), sgd);
        x = Tensor.rand(1, BATCH, 784);
        y = Nets.classIds(2, BATCH, 10);
    }

    @Benchmark
    public float step() {
        return step.step(x, y);
    }
}
