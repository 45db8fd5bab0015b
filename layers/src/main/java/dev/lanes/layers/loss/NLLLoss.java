package dev.lanes.layers.loss;

import dev.lanes.layers.BuiltinProvider;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.LossSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Negative log-likelihood, PyTorch's {@code nn.NLLLoss}: input {@code [batch, classes]} of log-probabilities
 * (e.g. from LogSoftmax), target {@code [batch]} of class ids; per sample {@code -weight[target]·input[target]}
 * ({@code weight} all ones unless given). A target equal to {@code ignoreIndex} (default -100) gives loss 0 and
 * gradient 0; the mean divides by the summed {@code weight[target]} of the samples not ignored, so NaN when all
 * are ignored, as in PyTorch. Weights must be finite and not negative (PyTorch takes any).
 */
public final class NLLLoss extends Loss {

    private static final String NAME = "NLLLoss";

    private final ClassTargets targets;

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this(reduction, null, ClassTargets.DEFAULT_IGNORE_INDEX);
    }

    /**
     * PyTorch's {@code nn.NLLLoss(weight, ignore_index=ignoreIndex, reduction)}; {@code weight} null for none,
     * else one finite, non-negative entry per class.
     */
    public NLLLoss(Reduction reduction, float[] weight, int ignoreIndex) {
        this(reduction, new ClassTargets(NAME, weight, ignoreIndex));
    }

    private NLLLoss(Reduction reduction, ClassTargets targets) {
        super(reduction);
        this.targets = targets;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        int batch = LossInputs.requireClassTargets(NAME, input, target);
        int classes = input.size(1);
        int[] labels = targets.labels(target.storage(), batch, classes);
        float[] x = input.storage();
        float[] losses = new float[batch];
        for (int r = 0; r < batch; r++) {
            if (labels[r] != ClassTargets.IGNORED) {
                losses[r] = -targets.weight(labels[r]) * x[r * classes + labels[r]];
            }
        }
        Tensor perSample = CustomOp.result("NllBackward", losses, new int[] {batch}, g -> {
            float[] gx = CustomOp.gradOf(input);
            for (int r = 0; r < batch; r++) {
                if (labels[r] != ClassTargets.IGNORED) {
                    gx[r * classes + labels[r]] -= g[r] * targets.weight(labels[r]);
                }
            }
        }, input);
        return targets.reduce(perSample, reduction, labels);
    }

    @Override
    public String toString() {
        return targets.toString(reduction, "");
    }

    /** {@code nll(reduction=mean, weight=none, ignore_index=-100)}. */
    public static final class Provider extends BuiltinProvider implements LossProvider {
        public Provider() {
            super("nll", "reduction", "weight", "ignore_index");
        }

        @Override
        public Loss create(Options options) {
            return new NLLLoss(Reduction.parse(options.getString("reduction", "mean")), ClassTargets.of(NAME, options));
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            Options options = ClassLossSamples.options(rng, 3);
            return new LossSample(options, Tensor.randn(rng, 4, 3), ClassLossSamples.targets(rng, options, 3, 4));
        }
    }
}
