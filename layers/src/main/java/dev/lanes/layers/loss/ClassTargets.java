package dev.lanes.layers.loss;

import dev.lanes.layers.Indices;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/**
 * The options PyTorch's class-index losses share, {@code weight} (a rescaling per class) and
 * {@code ignore_index} (a target value that contributes nothing): checks them, reads targets with them and
 * reduces per-sample losses as PyTorch does, the mean dividing by the summed weight of the targets not ignored.
 */
final class ClassTargets {

    /** PyTorch's default {@code ignore_index}. */
    static final int DEFAULT_IGNORE_INDEX = -100;
    /** The label {@link #labels} gives a sample whose target is the ignore index. */
    static final int IGNORED = -1;

    private final String loss;
    private final float[] weight; // null: every class weighs 1
    private final int ignoreIndex;

    /** {@code weight} may be null (all ones); otherwise every entry must be finite and not negative. */
    ClassTargets(String loss, float[] weight, int ignoreIndex) {
        this.loss = loss;
        this.weight = weight == null ? null : weight.clone();
        this.ignoreIndex = ignoreIndex;
        if (weight != null) {
            for (int c = 0; c < weight.length; c++) {
                if (!(Float.isFinite(weight[c]) && weight[c] >= 0f)) { // stricter than PyTorch, which takes any
                    throw new IllegalArgumentException(loss + ": weight[" + c + "] is " + weight[c]
                            + "; class weights must be finite and not negative");
                }
            }
        }
    }

    /** From registry options {@code weight} (a comma- or space-separated list) and {@code ignore_index}. */
    static ClassTargets of(String loss, Options options) {
        float[] weight = options.has("weight") ? options.getFloats("weight", new float[0]) : null;
        return new ClassTargets(loss, weight, options.getInt("ignore_index", DEFAULT_IGNORE_INDEX));
    }

    /**
     * The class of each of the first {@code batch} targets (the array may be longer, a reused buffer) in
     * {@code [0, classes)}, or {@link #IGNORED} where it equals the ignore index; any other target, or a weight
     * whose length is not {@code classes}, fails naming its position.
     */
    int[] labels(float[] targets, int batch, int classes) {
        requireWeightFits(classes);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = label(targets, i, batch, classes);
        }
        return labels;
    }

    /**
     * The class of target {@code i} as {@link #labels} gives it, without the array: the fused training step reads
     * its targets this way, so that a step allocates nothing.
     */
    int label(float[] targets, int i, int batch, int classes) {
        if (targets[i] == ignoreIndex) {
            return IGNORED;
        }
        if (Indices.valid(targets[i], classes)) {
            return (int) targets[i];
        }
        throw Indices.invalid(loss, "target class", targets, i, new int[] {batch}, classes);
    }

    /** A weight, where given, has one entry per class. */
    void requireWeightFits(int classes) {
        if (weight != null && weight.length != classes) {
            throw new IllegalArgumentException(loss + ": weight has " + weight.length + " entries but the input has "
                    + classes + " classes; give one weight per class");
        }
    }

    /** {@link #denominator(int[])} of the first {@code batch} targets, read with {@link #label}; checks them all. */
    float denominator(float[] targets, int batch, int classes) {
        requireWeightFits(classes);
        float sum = 0f;
        for (int i = 0; i < batch; i++) {
            int label = label(targets, i, batch, classes);
            if (label != IGNORED) {
                sum += weight(label);
            }
        }
        return sum;
    }

    /** The weight of class {@code c} (1 without a weight option). */
    float weight(int c) {
        return weight == null ? 1f : weight[c];
    }

    /** The mean's denominator: the summed weight of the labels not ignored (their count without weights). */
    float denominator(int[] labels) {
        float sum = 0f;
        for (int label : labels) {
            if (label != IGNORED) {
                sum += weight(label);
            }
        }
        return sum;
    }

    /**
     * Per-sample losses (0 for ignored samples) reduced: the mean is their sum over {@link #denominator}, so NaN
     * when every target is ignored, as in PyTorch. Without options that is the plain mean.
     */
    Tensor reduce(Tensor perSample, Reduction reduction, int[] labels) {
        return switch (reduction) {
            case MEAN -> perSample.sum().div(denominator(labels));
            case SUM -> perSample.sum();
            case NONE -> perSample;
        };
    }

    /**
     * PyTorch-style, naming only the options that differ from the defaults, e.g. {@code CrossEntropyLoss()} or
     * {@code NLLLoss(reduction=sum, weight=[1.0, 2.0])}; {@code more} is the loss's own, {@code ", name=value"}.
     */
    String toString(Reduction reduction, String more) {
        String options = (reduction == Reduction.MEAN ? "" : ", reduction=" + reduction)
                + (weight == null ? "" : ", weight=" + Arrays.toString(weight))
                + (ignoreIndex == DEFAULT_IGNORE_INDEX ? "" : ", ignore_index=" + ignoreIndex) + more;
        return loss + "(" + (options.isEmpty() ? "" : options.substring(2)) + ")";
    }
}
