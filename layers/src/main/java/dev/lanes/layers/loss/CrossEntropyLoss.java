package dev.lanes.layers.loss;

import dev.lanes.layers.Indices;
import dev.lanes.layers.Samples;
import dev.lanes.nn.FusableLoss;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossSample;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Log-softmax and negative log-likelihood in one op, PyTorch's {@code nn.CrossEntropyLoss}: input
 * {@code [batch, classes]} of logits, target {@code [batch]} of class ids (whole numbers as floats). Per sample
 * {@code logΣexp(x) - x[target]}, with the row maximum subtracted first so large logits do not overflow;
 * gradient {@code softmax(x) - onehot(target)}.
 */
public final class CrossEntropyLoss extends Loss implements FusableLoss {

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        int batch = LossInputs.requireClassTargets("CrossEntropyLoss", input, target);
        int classes = input.size(1);
        int[] labels = Indices.of(target, classes, "CrossEntropyLoss", "target class");
        float[] x = input.storage();
        float[] probs = new float[x.length];
        float[] losses = new float[batch];
        for (int r = 0; r < batch; r++) {
            losses[r] = softmaxRow(x, probs, r * classes, classes, labels[r]);
        }
        Tensor perSample = CustomOp.result("CrossEntropyBackward", losses, new int[] {batch}, g -> {
            float[] gx = CustomOp.gradOf(input);
            for (int r = 0; r < batch; r++) {
                int base = r * classes;
                for (int c = 0; c < classes; c++) {
                    float onehot = c == labels[r] ? 1f : 0f;
                    gx[base + c] += g[r] * (probs[base + c] - onehot);
                }
            }
        }, input);
        return reduction.apply(perSample);
    }

    /**
     * Writes the softmax of the row at {@code base} into {@code probs} and returns its loss
     * {@code logΣexp(x) - x[label]}; the row maximum is subtracted first, so large logits lose no digits.
     */
    private static float softmaxRow(float[] x, float[] probs, int base, int classes, int label) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, x[base + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(x[base + c] - max);
        }
        float logSum = (float) Math.log(sum);
        for (int c = 0; c < classes; c++) {
            probs[base + c] = (float) Math.exp((x[base + c] - max) - logSum);
        }
        return logSum - (x[base + label] - max);
    }

    @Override
    public int targetWidth(int outputWidth) {
        return 1;
    }

    /** Autograd's numbers: per row {@code scale · (softmax(x) - onehot(target))}, scale 1/batch for the mean. */
    @Override
    public float lossAndGradient(float[] output, float[] target, float[] grad, int batch, int classes) {
        float scale = reduction == Reduction.MEAN ? 1f / batch : 1f;
        float total = 0f;
        for (int r = 0; r < batch; r++) {
            if (!Indices.valid(target[r], classes)) {
                throw Indices.invalid("CrossEntropyLoss", "target class", target, r, new int[] {batch}, classes);
            }
            int label = (int) target[r];
            int base = r * classes;
            total += softmaxRow(output, grad, base, classes, label);
            for (int c = 0; c < classes; c++) {
                grad[base + c] = scale * (grad[base + c] - (c == label ? 1f : 0f));
            }
        }
        return reduction == Reduction.MEAN ? total / batch : total;
    }

    /** {@code crossentropy(reduction=mean)}. */
    public static final class Provider extends LossProviderBase {
        public Provider() {
            super("crossentropy", CrossEntropyLoss::new);
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            return new LossSample(randomReduction(rng), Tensor.randn(rng, 4, 3), Samples.indices(rng, 3, 4));
        }
    }
}
