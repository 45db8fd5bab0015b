package dev.lanes.spi;

import dev.lanes.tensor.Tensor;

/**
 * A layer instance description and an input for it ({@link LayerProvider#sample}).
 *
 * @param inputDifferentiable false when the input holds indices (Embedding), so no gradient flows into it
 */
public record LayerSample(Options options, Tensor input, boolean inputDifferentiable) {

    public LayerSample(Options options, Tensor input) {
        this(options, input, true);
    }
}
