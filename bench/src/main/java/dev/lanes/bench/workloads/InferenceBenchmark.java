package dev.lanes.bench.workloads;

import dev.lanes.bench.ThreadCount;
import dev.lanes.bench.VectorOnly;
import dev.lanes.infer.Predictor;
import dev.lanes.nn.DenseStack;
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
 * W6: inference of a model in eval mode. {@code model}: {@code b1-64} (batch 1, 64-128-64-10), {@code b1-784}
 * (batch 1, 784-512-256-10), {@code b256-784} (batch 256, 784-512-256-10; samples/s = 256 / time).
 * {@code path}: {@code autograd} is {@code net.call(x)} inside {@code GradMode.noGrad()}, as PyTorch code writes it;
 * {@code densestack} runs the {@link DenseStack} plan of the same model on flat arrays with a reused workspace;
 * {@code predictor} is {@link Predictor#predictBatch(float[], int, float[])}, what {@code lanes predict/serve} and
 * embedding applications call (input checks included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class InferenceBenchmark {

    @Param({"b1-64", "b1-784", "b256-784"})
    public String model;

    /** Kernel threads: a count or "all" ({@link ThreadCount}). */
    @Param({"1", "2"})
    public String threads;

    @Param({"autograd", "densestack", "predictor"})
    public String path;

    private Sequential net;
    private Tensor x;
    private float[] rows;
    private float[] out;
    private int batch;
    private DenseStack stack;
    private DenseStack.Workspace workspace;
    private Predictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(ThreadCount.parse(threads));
        batch = switch (model) {
            case "b1-64", "b1-784" -> 1;
            case "b256-784" -> 256;
            default -> throw new IllegalArgumentException("model must be b1-64, b1-784 or b256-784, got " + model);
        };
        boolean small = model.endsWith("-64");
        net = Nets.build(small ? Nets.DIGITS : Nets.MNIST);
        net.eval();
        x = Tensor.rand(1, batch, small ? 64 : 784);
        rows = x.toArray();
        out = new float[batch * 10];
        switch (path) {
            case "autograd" -> { }
            case "densestack" -> {
                stack = DenseStack.of(net).orElseThrow(() -> new IllegalStateException("no DenseStack plan"));
                workspace = stack.newWorkspace();
            }
            case "predictor" -> predictor = Predictor.of(net);
            default -> throw new IllegalArgumentException("path must be autograd, densestack or predictor, got "
                    + path);
        }
    }

    @Benchmark
    public Object predict() {
        switch (path) {
            case "densestack" -> stack.forward(rows, batch, workspace, out);
            case "predictor" -> predictor.predictBatch(rows, batch, out);
            default -> {
                try (var scope = GradMode.noGrad()) {
                    return net.call(x);
                }
            }
        }
        return out;
    }
}
