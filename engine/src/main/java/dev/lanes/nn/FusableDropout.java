package dev.lanes.nn;

/**
 * A dropout layer that a {@link DenseStack} plan runs itself when it follows a dense layer (and its activation):
 * in training mode the plan multiplies that layer's output by {@link #nextMask}, as the layer's own forward would,
 * so {@link TrainStep} trains such a model without autograd and with the same masks; when it
 * {@link #passesThrough()} (evaluation mode) the plan skips it.
 */
public interface FusableDropout extends PassThrough {

    /**
     * Draws the mask the layer's next forward would multiply {@code n} elements by into {@code mask[0, n)}: 0 for a
     * dropped element, the kept elements' scale otherwise. Advances the layer's generator exactly as that forward.
     */
    void nextMask(float[] mask, int n);
}
