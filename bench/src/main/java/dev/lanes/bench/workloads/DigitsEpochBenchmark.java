package dev.lanes.bench.workloads;

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

/**
 * W4: one epoch (1437 rows, batch 32) of the digits MLP. The test accuracy after 20 epochs is a separate,
 * untimed run: {@link DigitsAccuracy}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DigitsEpochBenchmark {

    private DigitsTraining training;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(1);
        training = new DigitsTraining(Digits.load(), 0);
    }

    @Benchmark
    public float epoch() {
        return training.epoch();
    }
}
