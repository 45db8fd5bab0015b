package dev.lanes.bench.workloads;

import dev.lanes.bench.VectorOnly;
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
 * W4: one epoch (1437 rows, batch 32) of the digits MLP. The test accuracy after 20 epochs is a separate,
 * untimed run: {@link DigitsAccuracy}. {@code path}: see {@link DigitsTraining}.
 *
 * <p>Every {@value DigitsAccuracy#EPOCHS} epochs training restarts from fresh weights (the next seed), as the
 * PyTorch side times epochs 2-20 of fresh runs. Without the restart JMH's ten seconds would be a thousand epochs of
 * one run: the logits grow, softmax gradients and Adam's second moments sink into subnormal floats, and the same
 * arithmetic runs several times slower (a 64-128-64-10 Adam step measured 130 µs rising to 400 µs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class DigitsEpochBenchmark {

    @Param({"autograd", "trainstep"})
    public String path;

    private Digits data;
    private DigitsTraining training;
    private long epochs;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(1);
        data = Digits.load();
    }

    /** Untimed; an epoch takes milliseconds, so a per-invocation setup costs nothing measurable. */
    @Setup(Level.Invocation)
    public void freshWeightsEveryTwentyEpochs() {
        if (epochs++ % DigitsAccuracy.EPOCHS == 0) {
            training = new DigitsTraining(data, epochs / DigitsAccuracy.EPOCHS, path);
        }
    }

    @Benchmark
    public float epoch() {
        return training.epoch();
    }
}
