package dev.lanes.layers.loss;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.LossSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/** {@code (x - y)²} per element, averaged by default; PyTorch's {@code nn.MSELoss}. Differentiable in both. */
public final class MSELoss extends Loss {

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        LossInputs.requireSameShape("MSELoss", input, target);
        return reduction.apply(input.sub(target).pow(2f));
    }

    /** {@code mse(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("mse", MSELoss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            return new LossSample(randomReduction(rng), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4));
        }
    }
}
