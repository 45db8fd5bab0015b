package dev.lanes.layers.loss;

import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossSample;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Binary cross entropy on probabilities, {@code -(t·log x + (1-t)·log(1-x))}; PyTorch's {@code nn.BCELoss},
 * including its clamp of each log at -100 so that x = 0 or 1 gives a finite loss.
 */
public final class BCELoss extends PointwiseLoss {

    private static final float LOG_FLOOR = -100f; // PyTorch's clamp
    /** Keeps the derivative finite at x = 0 or 1 (PyTorch uses the same epsilon in its backward). */
    private static final float EPS = 1e-12f;

    public BCELoss() {
        this(Reduction.MEAN);
    }

    public BCELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    void checkDomain(float[] x, float[] t) {
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 0f && x[i] <= 1f)) {
                throw new IllegalArgumentException("BCELoss: input at flat position " + i + " is " + x[i]
                        + "; all inputs must be probabilities in [0, 1] (use BCEWithLogitsLoss on logits)");
            }
            if (!(t[i] >= 0f && t[i] <= 1f)) { // as PyTorch: the loss is not a cross-entropy outside [0, 1]
                throw new IllegalArgumentException("BCELoss: target at flat position " + i + " is " + t[i]
                        + "; all targets must be between 0 and 1");
            }
        }
    }

    @Override
    float value(float x, float t) {
        float logX = Math.max((float) Math.log(x), LOG_FLOOR);
        float log1mX = Math.max((float) Math.log1p(-x), LOG_FLOOR);
        return -(t * logX + (1f - t) * log1mX);
    }

    @Override
    float derivative(float x, float t) {
        return (x - t) / Math.max((1f - x) * x, EPS);
    }

    /** {@code bce(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("bce", BCELoss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            // kept inside (0.2, 0.8): nearer 0 or 1 the curvature makes finite differences inexact
            Tensor input = Tensor.rand(rng, 3, 4).mul(0.6f).add(0.2f);
            return new LossSample(randomReduction(rng), input, Tensor.rand(rng, 3, 4));
        }
    }
}
