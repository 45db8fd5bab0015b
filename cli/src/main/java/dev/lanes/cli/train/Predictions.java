package dev.lanes.cli.train;

import dev.lanes.nn.Module;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;

/** Runs a model over many rows without recording a graph, in chunks so memory stays bounded. */
public final class Predictions {

    private static final int CHUNK_ROWS = 1024;

    private Predictions() {
    }

    /** The model's outputs for a row-major {@code [rows, cols]} matrix, as {@code [rows, outputs]} row-major. */
    public static float[][] outputs(Module model, float[] x, int rows, int cols) {
        float[][] out = new float[rows][];
        try (var scope = GradMode.noGrad()) {
            for (int from = 0; from < rows; from += CHUNK_ROWS) {
                int to = Math.min(rows, from + CHUNK_ROWS);
                float[] chunk = java.util.Arrays.copyOfRange(x, from * cols, to * cols);
                Tensor y = model.forward(Tensor.of(chunk, to - from, cols));
                float[][] rowsOut = y.dim() == 1 ? column(y.toArray()) : y.toArray2d();
                System.arraycopy(rowsOut, 0, out, from, to - from);
            }
        }
        return out;
    }

    private static float[][] column(float[] values) {
        float[][] out = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new float[] {values[i]};
        }
        return out;
    }
}
