package dev.lanes.bench.infer;

import dev.lanes.bench.ThreadCount;
import dev.lanes.bench.VectorOnly;
import dev.lanes.infer.Predictor;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.GradMode;
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
 * Serving latency and throughput of {@link Predictor} on the digits network and an MNIST-sized one: one row at a
 * time (a request) and 256 rows at once (a batch job), against the module's own {@code forward} under no-grad (what
 * a caller without the predictor runs). Run with {@code -prof gc}: the predictor's rows should show 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class PredictorBenchmark {

    static final int BATCH = 256;

    /** Layer widths joined by '-', input first; hidden layers get ReLU, the output layer nothing ({@link #spec}). */
    @Param({"64-128-64-10", "784-512-256-10"})
    public String sizes;

    /**
     * Kernel threads for large products ({@link ThreadCount}): "1" keeps all work on the calling thread, as a request
     * thread would.
     */
    @Param({"1"})
    public String threads;

    private Sequential net;
    private Predictor predictor;
    private float[] row;
    private float[] rows;
    private float[] out;
    private float[] outs;

    @Setup(Level.Trial)
    public void setUp() {
        VectorOnly.require();
        Kernels.setThreads(ThreadCount.parse(threads));
        net = ModelSpec.parse(spec(sizes), 1);
        predictor = Predictor.of(net);
        Random rnd = new Random(3);
        row = new float[predictor.inputWidth()];
        rows = new float[BATCH * predictor.inputWidth()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rnd.nextGaussian();
        }
        System.arraycopy(rows, 0, row, 0, row.length);
        out = new float[predictor.outputWidth()];
        outs = new float[BATCH * predictor.outputWidth()];
    }

    /** The model spec of {@code sizes}: ReLU after every layer but the last, e.g. {@code 64-128-64-10:relu,relu,none}. */
    static String spec(String sizes) {
        if (!sizes.matches("[1-9][0-9]*(-[1-9][0-9]*)+")) {
            throw new IllegalArgumentException("sizes must be two or more positive layer widths joined by '-', input "
                    + "first (e.g. 64-128-64-10 or 10-10), got '" + sizes + "'");
        }
        int layers = sizes.split("-").length - 1;
        return sizes + ":" + "relu,".repeat(layers - 1) + "none";
    }

    /** Batch-1 latency: one request. */
    @Benchmark
    public float[] predictOne() {
        predictor.predict(row, out);
        return out;
    }

    /** The same row through {@code Sequential.forward} with tensors, as before the predictor. */
    @Benchmark
    public Tensor forwardOne() {
        try (var scope = GradMode.noGrad()) {
            return net.forward(Tensor.of(row, 1, row.length));
        }
    }

    /** 256 rows in one call; rows per second = 256 / the time. */
    @Benchmark
    public float[] predictBatch256() {
        predictor.predictBatch(rows, BATCH, outs);
        return outs;
    }

    /** 256 rows through {@code Sequential.forward}. */
    @Benchmark
    public Tensor forwardBatch256() {
        try (var scope = GradMode.noGrad()) {
            return net.forward(Tensor.of(rows, BATCH, row.length));
        }
    }
}
