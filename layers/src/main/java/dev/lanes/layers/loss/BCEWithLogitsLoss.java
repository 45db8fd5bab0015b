package dev.lanes.layers.loss;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossSample;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Sigmoid and binary cross entropy in one, on logits: {@code max(x,0) - x·t + log(1 + e^-|x|)}, stable for any
 * x; PyTorch's {@code nn.BCEWithLogitsLoss}. Gradient {@code sigmoid(x) - t}.
 */
public final class BCEWithLogitsLoss extends PointwiseLoss {

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    float value(float x, float t) {
        return Math.max(x, 0f) - x * t + (float) Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    float derivative(float x, float t) {
        return Activation.sigmoid(x) - t;
    }

    /** {@code bcewithlogits(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("bcewithlogits", BCEWithLogitsLoss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            return new LossSample(randomReduction(rng), Tensor.randn(rng, 3, 4).mul(3f), Tensor.rand(rng, 3, 4));
        }
    }
}
