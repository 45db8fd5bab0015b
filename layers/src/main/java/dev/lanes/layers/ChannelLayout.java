package dev.lanes.layers;

/**
 * BatchNorm1d's {@code [batch, channels, length]} input brought to row-major {@code [batch·length, channels]} rows
 * ({@link #toRows}), the layout the column kernels ({@link dev.lanes.kernel.Kernel#columnMoments} and the rest)
 * work on, and back ({@link #addFromRows}).
 */
final class ChannelLayout {

    private ChannelLayout() {
    }

    /** {@code [batch, channels, length]} values as {@code [batch·length, channels]} rows. */
    static float[] toRows(float[] x, int batch, int channels, int length) {
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int l = 0; l < length; l++) {
                    out[(b * length + l) * channels + c] = x[(b * channels + c) * length + l];
                }
            }
        }
        return out;
    }

    /** Adds {@code [batch·length, channels]} rows into {@code [batch, channels, length]} {@code target}. */
    static void addFromRows(float[] rows, float[] target, int batch, int channels, int length) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int l = 0; l < length; l++) {
                    target[(b * channels + c) * length + l] += rows[(b * length + l) * channels + c];
                }
            }
        }
    }
}
