package dev.lanes.layers.loss;

import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossSample;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/** {@code |x - y|} per element, averaged by default; PyTorch's {@code nn.L1Loss} (gradient sign(x - y), 0 at 0). */
public final class L1Loss extends PointwiseLoss {

    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    float value(float x, float t) {
        return Math.abs(x - t);
    }

    @Override
    float derivative(float x, float t) {
        return Math.signum(x - t);
    }

    /** {@code l1(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("l1", L1Loss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            Tensor target = Tensor.randn(rng, 3, 4);
            // input = target + a difference kept away from |x - t|'s kink at 0
            Tensor input = target.add(dev.lanes.layers.Samples.awayFromZero(rng, 3, 4));
            return new LossSample(randomReduction(rng), input, target);
        }
    }
}
