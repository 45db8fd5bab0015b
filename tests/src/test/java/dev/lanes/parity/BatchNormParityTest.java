package dev.lanes.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.layers.BatchNorm1d;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code batchnorm1d} built through the registry against PyTorch's {@code nn.BatchNorm1d} ({@code
 * tests/fixtures/batchnorm}, written by the script there): outputs, input and parameter gradients of three training
 * batches, the running statistics and batch count they leave, then outputs and gradients in eval mode.
 */
class BatchNormParityTest {

    static final String FILE = "batchnorm/batchnorm.txt";
    /**
     * |Lanes - PyTorch| ≤ ABSOLUTE + RELATIVE·|PyTorch|. Both normalise in float32 with the statistics summed in a
     * wider type, in different orders. The input gradient is a difference of terms of the upstream gradient's size
     * (near 1 here) that cancel to almost nothing with two rows (x̂ is then ±1 whatever x is): there PyTorch's float32
     * is 1.4e-6 from the float64 answer, Lanes 2e-8, so that gradient gets ABSOLUTE_GRAD_INPUT. Measured over the whole
     * fixture with torch 2.13: the largest difference is 16% of its bound (2.4e-7 on an output), the largest absolute
     * one that two-row gradient, 14% of its bound. Using the biased variance for
     * running_var, or dropping the mean's or the variance's term from the input gradient, is off by 1e-2 or more.
     */
    static final float RELATIVE = 1e-5f;
    static final float ABSOLUTE = 1e-6f;
    static final float ABSOLUTE_GRAD_INPUT = 1e-5f;
    static final int STEPS = 3;

    static final Fixture FIXTURE = Fixture.load(FILE);

    /** The script's cases and the options it gave PyTorch. */
    static final Map<String, Options> CASES = Map.of(
            "plain", Options.empty(),
            "length", Options.empty(),
            "cumulative", Options.of("momentum", "none"),
            "momentum_eps", Options.of("momentum", 0.3f, "eps", 1e-3f),
            "no_affine", Options.of("affine", false),
            "untracked", Options.of("track_running_stats", false),
            "two_rows", Options.empty());

    static Stream<String> cases() {
        return CASES.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainingBatchesRunningStatsAndEvalMatchPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + "/");
        int channels = f.get("train0.input").size(1);
        BatchNorm1d bn = (BatchNorm1d) Layers.create("batchnorm1d",
                CASES.get(name).with("num_features", channels));
        if (f.containsKey("weight")) {
            try (var scope = GradMode.noGrad()) {
                bn.weight().copyInPlace(f.get("weight"));
                bn.bias().copyInPlace(f.get("bias"));
            }
        }
        for (int k = 0; k < STEPS; k++) {
            step(bn, f, "train" + k);
        }
        if (f.containsKey("running_mean")) {
            assertClose(name + ": running_mean", f.get("running_mean"), bn.runningMean());
            assertClose(name + ": running_var", f.get("running_var"), bn.runningVar());
            assertClose(name + ": num_batches_tracked", f.get("num_batches_tracked"),
                    bn.stateDict().get("num_batches_tracked"));
        } else {
            assertEquals(Map.of(), bn.namedBuffers(), name + ": an untracked BatchNorm keeps no buffers");
        }
        bn.eval();
        step(bn, f, "eval");
    }

    private static void step(BatchNorm1d bn, Map<String, Tensor> f, String prefix) {
        bn.zeroGrad();
        Tensor x = f.get(prefix + ".input").copy().requiresGrad(true);
        Tensor y = bn.forward(x);
        y.backward(f.get(prefix + ".upstream"));
        assertClose(prefix + ".output", f.get(prefix + ".output"), y);
        assertClose(prefix + ".grad_input", f.get(prefix + ".grad_input"), x.grad());
        if (bn.weight() != null) {
            assertClose(prefix + ".grad_weight", f.get(prefix + ".grad_weight"), bn.weight().grad());
            assertClose(prefix + ".grad_bias", f.get(prefix + ".grad_bias"), bn.bias().grad());
        }
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        assertEquals(e.length, a.length, what + ": length");
        float absolute = what.endsWith("grad_input") ? ABSOLUTE_GRAD_INPUT : ABSOLUTE;
        for (int i = 0; i < e.length; i++) {
            float bound = absolute + RELATIVE * Math.abs(e[i]);
            assertEquals(e[i], a[i], bound, what + " at " + i);
        }
    }
}
