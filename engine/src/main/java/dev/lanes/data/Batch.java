package dev.lanes.data;

import dev.lanes.tensor.Tensor;

/** One mini-batch: the chosen rows of a dataset's features and targets (copies, in the order drawn). */
public record Batch(Tensor features, Tensor targets) {

    /** The number of rows in this batch. */
    public int size() {
        return features.shape()[0];
    }
}
