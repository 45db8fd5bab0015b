package dev.lanes.layers.loss;

import dev.lanes.layers.BuiltinProvider;
import dev.lanes.nn.FusableLoss;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.LossSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Log-softmax and negative log-likelihood in one op, PyTorch's {@code nn.CrossEntropyLoss}: input
 * {@code [batch, classes]} of logits, target {@code [batch]} of class ids (whole numbers as floats). Per sample
 * {@code logΣexp(x) - x[target]}, with the row maximum subtracted first so large logits do not overflow;
 * gradient {@code softmax(x) - onehot(target)}.
 *
 * <p>PyTorch's options, with its formulas: {@code weight} scales sample n's loss by {@code weight[target_n]};
 * a target equal to {@code ignoreIndex} (default -100) gives loss 0 and gradient 0; {@code labelSmoothing} ε
 * mixes the target with the uniform distribution, per sample
 * {@code (1-ε)·w[t]·(-logp[t]) + ε/C·Σ_c w[c]·(-logp[c])}. The mean divides the summed losses by the summed
 * {@code weight[target]} of the samples not ignored (their count without weights): NaN when all are ignored.
 * Weights must be finite and not negative (PyTorch takes any), ε in [0, 1].
 */
public final class CrossEntropyLoss extends Loss implements FusableLoss {

    private static final String NAME = "CrossEntropyLoss";

    private final ClassTargets targets;
    private final float labelSmoothing;

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this(reduction, null, ClassTargets.DEFAULT_IGNORE_INDEX, 0f);
    }

    /**
     * PyTorch's {@code nn.CrossEntropyLoss(weight, ignore_index=ignoreIndex, reduction,
     * label_smoothing=labelSmoothing)}; {@code weight} null for none, else one finite, non-negative entry per class.
     */
    public CrossEntropyLoss(Reduction reduction, float[] weight, int ignoreIndex, float labelSmoothing) {
        this(reduction, new ClassTargets(NAME, weight, ignoreIndex), labelSmoothing);
    }

    private CrossEntropyLoss(Reduction reduction, ClassTargets targets, float labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException(NAME + ": label_smoothing must be between 0 and 1, got "
                    + labelSmoothing);
        }
        this.targets = targets;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        int batch = LossInputs.requireClassTargets(NAME, input, target);
        int classes = input.size(1);
        int[] labels = targets.labels(target.storage(), batch, classes);
        float[] x = input.storage();
        float[] probs = new float[x.length];
        float[] losses = new float[batch];
        for (int r = 0; r < batch; r++) {
            if (labels[r] != ClassTargets.IGNORED) {
                losses[r] = softmaxRow(x, probs, r * classes, classes, labels[r]);
            }
        }
        Tensor perSample = CustomOp.result("CrossEntropyBackward", losses, new int[] {batch}, g -> {
            float[] gx = CustomOp.gradOf(input);
            for (int r = 0; r < batch; r++) {
                if (labels[r] != ClassTargets.IGNORED) {
                    rowGradient(probs, r * classes, classes, labels[r], g[r], gx, true);
                }
            }
        }, input);
        return targets.reduce(perSample, reduction, labels);
    }

    /**
     * Writes the softmax of the row at {@code base} into {@code probs} and returns its loss, without smoothing
     * or weight {@code logΣexp(x) - x[label]}; the row maximum is subtracted first, so large logits lose no digits.
     */
    private float softmaxRow(float[] x, float[] probs, int base, int classes, int label) {
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
        float nll = logSum - (x[base + label] - max);
        if (labelSmoothing == 0f) {
            return targets.weight(label) * nll; // exactly nll without a weight
        }
        double smooth = 0; // Σ_c w[c]·(-logp[c])
        for (int c = 0; c < classes; c++) {
            smooth += (double) targets.weight(c) * (logSum - (x[base + c] - max));
        }
        return (1f - labelSmoothing) * targets.weight(label) * nll + (float) (labelSmoothing / classes * smooth);
    }

    /**
     * Adds ({@code add}) or writes {@code scale · ∂loss/∂x} of the row at {@code base} into {@code out}, from its
     * softmax in {@code probs} ({@code out} may be {@code probs}). Grouped as PyTorch's log-softmax backward:
     * {@code a·(p - onehot) + b·(p·Σw - w)} with {@code a = scale·(1-ε)·w[label]}, {@code b = scale·ε/C}, so a
     * zero weight under an infinite scale gives NaN as there.
     */
    private void rowGradient(float[] probs, int base, int classes, int label, float scale, float[] out,
                             boolean add) {
        float a = scale * ((1f - labelSmoothing) * targets.weight(label)); // exactly scale without options
        float b = scale * (labelSmoothing / classes);
        float weightSum = 0f;
        if (labelSmoothing != 0f) {
            for (int c = 0; c < classes; c++) {
                weightSum += targets.weight(c);
            }
        }
        for (int c = 0; c < classes; c++) {
            float p = probs[base + c];
            float d = a * (p - (c == label ? 1f : 0f));
            if (labelSmoothing != 0f) {
                d += b * (p * weightSum - targets.weight(c));
            }
            out[base + c] = add ? out[base + c] + d : d;
        }
    }

    @Override
    public int targetWidth(int outputWidth) {
        return 1;
    }

    /** Autograd's numbers: per row {@code scale · ∂loss/∂x}, scale 1/{@code denominator} for the mean. */
    @Override
    public float lossAndGradient(float[] output, float[] target, float[] grad, int batch, int classes) {
        float denominator = targets.denominator(target, batch, classes); // checks every target first
        if (reduction != Reduction.MEAN) {
            denominator = 1f;
        }
        float scale = 1f / denominator;
        float total = 0f;
        for (int r = 0; r < batch; r++) { // labels read one by one: no array per step
            int base = r * classes;
            int label = targets.label(target, r, batch, classes);
            if (label == ClassTargets.IGNORED) {
                Arrays.fill(grad, base, base + classes, 0f);
                continue;
            }
            total += softmaxRow(output, grad, base, classes, label);
            rowGradient(grad, base, classes, label, scale, grad, false);
        }
        return reduction == Reduction.MEAN ? total / denominator : total;
    }

    @Override
    public String toString() {
        return targets.toString(reduction, labelSmoothing == 0f ? "" : ", label_smoothing=" + labelSmoothing);
    }

    /** {@code crossentropy(reduction=mean, weight=none, ignore_index=-100, label_smoothing=0)}. */
    public static final class Provider extends BuiltinProvider implements LossProvider {
        public Provider() {
            super("crossentropy", "reduction", "weight", "ignore_index", "label_smoothing");
        }

        @Override
        public Loss create(Options options) {
            return new CrossEntropyLoss(Reduction.parse(options.getString("reduction", "mean")),
                    ClassTargets.of(NAME, options), options.getFloat("label_smoothing", 0f));
        }

        @Override
        public LossSample sample(RandomGenerator rng) {
            Options options = ClassLossSamples.options(rng, 3);
            if (rng.nextBoolean()) {
                options = options.with("label_smoothing", rng.nextFloat());
            }
            return new LossSample(options, Tensor.randn(rng, 4, 3), ClassLossSamples.targets(rng, options, 3, 4));
        }
    }
}
