package dev.lanes.bench.workloads;

import dev.lanes.bench.VectorOnly;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Random;
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
 * W3, the seed's third program: a 2-2-3 net of raw tensors ({@code relu(x.mm(w) + b)} twice), loss
 * {@code (yp - y).pow(2).sum()}, {@code backward()}, and a manual update under no-grad, 10000 epochs on 10×2
 * data. One operation is the whole run from fresh weights, as the seed runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = VectorOnly.FLAG)
public class RawAutogradBenchmark {

    static final int EPOCHS = 10_000;
    private static final float LR = 0.01f;

    private Tensor x;
    private Tensor y;
    private long run;

    @Setup(Level.Trial)
    public void setUp() {
        Nets.requireVector(1);
        x = Tensor.randint(0, 5, new Random(1), 10, 2);
        y = Tensor.randint(0, 5, new Random(2), 10, 3);
    }

    @Benchmark
    public float train10000() {
        Random rng = new Random(run++);
        Tensor w0 = Tensor.rand(rng, 2, 2).requiresGrad(true);
        Tensor w1 = Tensor.rand(rng, 2, 3).requiresGrad(true);
        Tensor b0 = Tensor.rand(rng, 1, 2).requiresGrad(true);
        Tensor b1 = Tensor.rand(rng, 1, 3).requiresGrad(true);
        List<Tensor> params = List.of(w0, w1, b0, b1);
        float last = 0f;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Tensor h = x.mm(w0).add(b0).relu();
            Tensor yp = h.mm(w1).add(b1).relu();
            Tensor loss = yp.sub(y).pow(2).sum();
            loss.backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.subInPlace(p.grad().mul(LR));
                    p.zeroGrad();
                }
            }
            last = loss.item();
        }
        return last;
    }
}
