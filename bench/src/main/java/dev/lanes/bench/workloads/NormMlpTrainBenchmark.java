package dev.lanes.bench.workloads;

import dev.lanes.bench.ThreadCount;
import dev.lanes.bench.VectorOnly;
import dev.lanes.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * W7: one training step of an MLP with normalisation layers, CrossEntropyLoss, Adam lr 1e-3 ({@link NormMlpTraining}).
 * {@code model}: {@code b128-784} ({@link Nets#NORM_MNIST}, batch 128 of uniform [0, 1) pixels) or {@code b32-64}
 * ({@link Nets#NORM_DIGITS}, batch 32: per-op overhead shows); {@code b32-64-after} (not in the default list, not
 * a W7 row) is that net with each norm after its ReLU ({@link Nets#NORM_DIGITS_AFTER}). {@code path} {@code auto}
 * is what a user's loop does — {@code TrainStep.of(net, loss, adam)} when it plans the model, else forward, loss,
 * zeroGrad, backward, step through autograd; the secondary metrics {@code trainstepSteps} and
 * {@code autogradSteps} count the steps each path ran, so the result says which one it was. {@code autograd} and {@code trainstep} force a path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class NormMlpTrainBenchmark {

    @Param({"b128-784", "b32-64"})
    public String model;

    /** Kernel threads: a count or "all" ({@link ThreadCount}). */
    @Param({"1", "2"})
    public String threads;

    @Param({"auto"})
    public String path;

    private NormMlpTraining training;
    private Tensor x;
    private Tensor y;

    /** Steps per path in an iteration: JMH reports these fields as secondary metrics. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PathCounts {
        public long trainstepSteps;
        public long autogradSteps;

        @Setup(Level.Iteration)
        public void clear() {
            trainstepSteps = 0;
            autogradSteps = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(ThreadCount.parse(threads));
        String spec = switch (model) {
            case "b128-784" -> Nets.NORM_MNIST;
            case "b32-64" -> Nets.NORM_DIGITS;
            case "b32-64-after" -> Nets.NORM_DIGITS_AFTER;
            default -> throw new IllegalArgumentException("model must be b128-784, b32-64 or b32-64-after, got "
                    + model);
        };
        boolean small = !model.equals("b128-784");
        training = new NormMlpTraining(spec, path);
        int batch = small ? 32 : 128;
        x = Tensor.rand(1, batch, small ? 64 : 784);
        y = Nets.classIds(2, batch, 10);
    }

    @Benchmark
    public float step(PathCounts counts) {
        if (training.ranPath().equals("trainstep")) {
            counts.trainstepSteps++;
        } else {
            counts.autogradSteps++;
        }
        return training.step(x, y);
    }
}
