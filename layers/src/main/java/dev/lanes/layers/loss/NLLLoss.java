package dev.lanes.layers.loss;

import dev.lanes.layers.Indices;
import dev.lanes.layers.Samples;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossSample;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Negative log-likelihood, PyTorch's {@code nn.NLLLoss}: input {@code [batch, classes]} of log-probabilities
 * (e.g. from LogSoftmax), target {@code [batch]} of class ids; per sample {@code -input[target]}.
 */
public final class NLLLoss extends Loss {

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        int batch = LossInputs.requireClassTargets("NLLLoss", input, target);
        int classes = input.size(1);
        int[] labels = Indices.of(target, classes, "NLLLoss", "target class");
        float[] x = input.storage();
        float[] losses = new float[batch];
        for (int r = 0; r < batch; r++) {
            losses[r] = -x[r * classes + labels[r]];
        }
        Tensor perSample = CustomOp.result("NllBackward", losses, new int[] {batch}, g -> {
            float[] gx = CustomOp.gradOf(input);
            for (int r = 0; r < batch; r++) {
                gx[r * classes + labels[r]] -= g[r];
            }
        }, input);
        return reduction.apply(perSample);
    }

    /** {@code nll(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("nll", NLLLoss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            return new LossSample(randomReduction(rng), Tensor.randn(rng, 4, 3), Samples.indices(rng, 3, 4));
        }
    }
}
