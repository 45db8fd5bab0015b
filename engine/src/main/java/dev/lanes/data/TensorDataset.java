package dev.lanes.data;

import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Rows of features and their targets, PyTorch's {@code TensorDataset(x, y)}: row i is {@code features[i]} with
 * {@code targets[i]}. Both tensors must have at least one dimension and the same number of rows; they are data, not
 * parameters, so neither may require gradients.
 */
public record TensorDataset(Tensor features, Tensor targets) {

    public TensorDataset {
        Objects.requireNonNull(features, "TensorDataset: features are null");
        Objects.requireNonNull(targets, "TensorDataset: targets are null");
        requireData("features", features);
        requireData("targets", targets);
        if (features.shape()[0] != targets.shape()[0]) {
            throw new IllegalArgumentException("TensorDataset: features have " + features.shape()[0]
                    + " rows but targets have " + targets.shape()[0] + " (shapes "
                    + Arrays.toString(features.shape()) + " and " + Arrays.toString(targets.shape()) + ")");
        }
    }

    private static void requireData(String what, Tensor t) {
        if (t.shape().length == 0) {
            throw new IllegalArgumentException("TensorDataset: " + what + " are a scalar; they need a first"
                    + " dimension of rows");
        }
        if (t.requiresGrad()) {
            throw new IllegalArgumentException("TensorDataset: " + what + " require gradients; a dataset holds data"
                    + " (pass " + what + ".detach())");
        }
    }

    /** The number of rows. */
    public int size() {
        return features.shape()[0];
    }
}
