package dev.lanes.plugins.thirdparty;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.LossSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A third-party loss, PyTorch's {@code nn.HuberLoss}: per element {@code ½d²} where {@code |d| < delta}, else
 * {@code delta·(|d| − ½delta)}, {@code d = input − target}; composed of tensor ops, so autograd differentiates it.
 * Not a {@code FusableLoss}: a model trained with it runs the autograd loop.
 */
public final class HuberLoss extends Loss {

    private final float delta;

    public HuberLoss(Reduction reduction, float delta) {
        super(reduction);
        if (!(delta > 0f) || Float.isInfinite(delta)) {
            throw new IllegalArgumentException("huber: delta must be a positive finite number, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        Tensor d = input.sub(target);
        Tensor small = d.abs().lt(delta);
        Tensor quadratic = d.pow(2f).mul(0.5f);
        Tensor linear = d.abs().sub(0.5f * delta).mul(delta);
        return reduction.apply(Tensor.where(small, quadratic, linear));
    }

    /** {@code huber(reduction=mean, delta=1.0)}. */
    public static final class Provider implements LossProvider {

        @Override
        public String name() {
            return "huber";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("reduction", "delta");
        }

        @Override
        public Loss create(Options o) {
            return new HuberLoss(Reduction.parse(o.getString("reduction", "mean")), o.getFloat("delta", 1f));
        }

        /** Differences of about ±0.5 and ±2, so both pieces are used, none within 0.1 of the kink at |d| = 1. */
        @Override
        public LossSample sample(RandomGenerator rng) {
            Tensor target = Tensor.randn(rng, 3, 4);
            float[] d = new float[12];
            for (int i = 0; i < d.length; i++) {
                d[i] = (i % 2 == 0 ? 0.5f : 2f) * (rng.nextBoolean() ? 1 : -1) + 0.1f * (float) rng.nextGaussian();
            }
            return new LossSample(Options.empty(), target.add(Tensor.of(d, 3, 4)), target);
        }
    }
}
