package dev.lanes.layers;

/**
 * The per-channel loops of a normalisation over a row-major {@code [rows, channels]} array, the channel innermost so
 * that the JIT vectorises them; a {@code [batch, channels, length]} input is brought to rows of channels first
 * ({@link #toRows}) and back after ({@link #addFromRows}). Sums are kept in double, so the statistics of long
 * batches do not drift with float rounding.
 */
record ChannelLayout(int rows, int channels) {

    /** Per channel, the sum of {@code a}. */
    double[] sums(float[] a) {
        double[] out = new double[channels];
        for (int r = 0; r < rows; r++) {
            int at = r * channels;
            for (int c = 0; c < channels; c++) {
                out[c] += a[at + c];
            }
        }
        return out;
    }

    /** Per channel, the sum of {@code a ⊙ b}. */
    double[] productSums(float[] a, float[] b) {
        double[] out = new double[channels];
        for (int r = 0; r < rows; r++) {
            int at = r * channels;
            for (int c = 0; c < channels; c++) {
                out[c] += (double) a[at + c] * b[at + c];
            }
        }
        return out;
    }

    /** {@code a · scale + shift} per channel, worked out in double, in a new array. */
    float[] affine(float[] a, double[] scale, double[] shift) {
        float[] out = new float[a.length];
        for (int r = 0; r < rows; r++) {
            int at = r * channels;
            for (int c = 0; c < channels; c++) {
                out[at + c] = (float) (a[at + c] * scale[c] + shift[c]);
            }
        }
        return out;
    }

    /** {@code scale · (g - meanG - x̂ · meanGx)} per channel, in a new array. */
    float[] inputGradient(float[] g, float[] normalised, double[] scale, double[] meanG, double[] meanGx) {
        float[] out = new float[g.length];
        for (int r = 0; r < rows; r++) {
            int at = r * channels;
            for (int c = 0; c < channels; c++) {
                out[at + c] = (float) (scale[c] * (g[at + c] - meanG[c] - normalised[at + c] * meanGx[c]));
            }
        }
        return out;
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
