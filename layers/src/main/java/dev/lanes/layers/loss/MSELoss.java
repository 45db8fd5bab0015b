package dev.lanes.layers.loss;

import dev.lanes.kernel.Kernels;
import dev.lanes.nn.FusableLoss;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.LossSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/** {@code (x - y)²} per element, averaged by default; PyTorch's {@code nn.MSELoss}. Differentiable in both. */
public final class MSELoss extends Loss implements FusableLoss {

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

    @Override
    public int targetWidth(int outputWidth) {
        return outputWidth;
    }

    /** Autograd's numbers: the squares summed by the kernel as {@code sum()} does, then {@code scale · 2(x - t)}. */
    @Override
    public float lossAndGradient(float[] output, float[] target, float[] grad, int batch, int width) {
        int n = batch * width;
        for (int i = 0; i < n; i++) {
            float d = output[i] - target[i];
            grad[i] = d * d;
        }
        float total = Kernels.get().sum(grad, n);
        float scale = reduction == Reduction.MEAN ? 1f / n : 1f;
        for (int i = 0; i < n; i++) {
            grad[i] = scale * (2f * (output[i] - target[i]));
        }
        return reduction == Reduction.MEAN ? total / n : total;
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
