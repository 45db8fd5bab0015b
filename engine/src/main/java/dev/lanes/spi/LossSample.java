package dev.lanes.spi;

import dev.lanes.tensor.Tensor;

/** A loss instance description with an input and a target for it ({@link LossProvider#sample}). */
public record LossSample(Options options, Tensor input, Tensor target) {
}
