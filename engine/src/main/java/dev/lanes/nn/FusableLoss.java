package dev.lanes.nn;

/**
 * A loss that can compute its value and its gradient with respect to the model output in one pass over flat
 * arrays, without building a graph: {@link TrainStep} uses it in place of {@code forward} and {@code backward}.
 * Only asked for a {@link Reduction#MEAN} or {@link Reduction#SUM} loss.
 */
public interface FusableLoss {

    /** Target floats per output row: the row width for elementwise losses, 1 for class ids. */
    int targetWidth(int outputWidth);

    /**
     * The reduced loss of {@code output [batch, width]} against {@code target [batch, targetWidth(width)]};
     * writes {@code ∂loss/∂output} into {@code grad [batch, width]} (overwriting it), the numbers autograd would
     * give. Rejects targets the loss's {@code forward} would reject, with the same message.
     */
    float lossAndGradient(float[] output, float[] target, float[] grad, int batch, int width);
}
