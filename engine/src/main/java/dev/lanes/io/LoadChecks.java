package dev.lanes.io;

import dev.lanes.kernel.Kernels;
import dev.lanes.nn.InputWidth;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What {@link ModelFile#load} checks beyond the file's format, so that a damaged or hand-edited file fails at load
 * naming the file and the field or tensor, instead of predicting NaN (class 0) on every row later.
 */
final class LoadChecks {

    private LoadChecks() {
    }

    /** Every parameter value is a finite number. */
    static void requireFinite(Path file, Map<String, Tensor> params) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] values = e.getValue().toArray();
            int i = Kernels.get().firstNonFinite(values, values.length);
            if (i >= 0) {
                throw new ModelFileException(file + ": tensor '" + e.getKey() + "' holds " + values[i] + " at "
                        + Arrays.toString(position(i, e.getValue().shape())) + "; weights must be finite numbers");
            }
        }
    }

    /** The per-dimension position of flat index {@code i} in a row-major tensor of {@code shape}. */
    private static int[] position(int i, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return at;
    }

    /** The feature names and the standardization, where present, cover as many inputs as the first layer takes. */
    static void requireInputWidth(Path file, ModelMetadata meta, Sequential model) {
        OptionalInt width = InputWidth.of(model);
        if (width.isEmpty()) {
            return; // another kind of first layer: the predictor finds out by running a row
        }
        int in = width.getAsInt();
        if (!meta.features().isEmpty() && meta.features().size() != in) {
            throw new ModelFileException(file + ": metadata " + ModelMetadata.FEATURES + " names "
                    + meta.features().size() + " features but the model's first layer takes " + in + " inputs");
        }
        if (meta.mean() != null && meta.mean().length != in) {
            throw new ModelFileException(file + ": metadata " + ModelMetadata.MEAN + " and " + ModelMetadata.STD
                    + " hold " + meta.mean().length + " values but the model's first layer takes " + in + " inputs");
        }
    }
}
