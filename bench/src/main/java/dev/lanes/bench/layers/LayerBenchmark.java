package dev.lanes.bench.layers;

import dev.lanes.bench.VectorOnly;
import dev.lanes.nn.Module;
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
 * The layers that sit between dense layers in an MLP — Dropout, LayerNorm, BatchNorm1d — on their own, at a
 * [128, 512] batch in training mode: forward alone, and forward plus backward through autograd (a gradient of ones
 * from {@code sum()}). Run with {@code -prof gc} for the bytes each call allocates (its output and saved state).
 *
 * <pre>{@code java -jar bench/target/benchmarks.jar LayerBenchmark -prof gc}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class LayerBenchmark {

    /** The layer as a spec over 512 features. */
    @Param({"dropout(0.3)", "layernorm(512)", "batchnorm1d(512)"})
    public String layer;

    private Module module;
    private Tensor input;
    private Tensor trainable;

    @Setup(Level.Trial)
    public void setUp() {
        VectorOnly.require();
        Sequential net = ModelSpec.parse(layer, 1);
        net.train();
        module = net;
        input = Tensor.randn(new Random(2), 128, 512);
        trainable = input.detach().requiresGrad(true);
    }

    /** Training-mode forward without a graph: what one step's forward costs. */
    @Benchmark
    public Tensor forward() {
        try (var scope = GradMode.noGrad()) {
            return module.forward(input);
        }
    }

    /** Forward, then backward into the input and the layer's parameters. */
    @Benchmark
    public Tensor forwardBackward() {
        module.zeroGrad();
        trainable.zeroGrad();
        module.forward(trainable).sum().backward();
        return trainable.grad();
    }
}
