package dev.lanes.layers;

/**
 * The per-channel loops of a normalisation over a row-major {@code [batch, channels, length]} array (length 1 for
 * {@code [batch, channels]}): element {@code (b, c, l)} is at {@code (b·channels + c)·length + l}. Sums are kept in
 * double, so the statistics of long batches do not drift with float rounding.
 */
record ChannelLayout(int batch, int channels, int length) {

    /** How many values each channel has: batch × length. */
    int perChannel() {
        return batch * length;
    }

    /** Per channel, the sum of {@code a}. */
    double[] sums(float[] a) {
        return productSums(a, null);
    }

    /** Per channel, the sum of {@code a ⊙ b} ({@code a} alone when {@code b} is null). */
    double[] productSums(float[] a, float[] b) {
        double[] out = new double[channels];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int at = (n * channels + c) * length;
                double s = 0;
                for (int l = 0; l < length; l++) {
                    s += b == null ? a[at + l] : (double) a[at + l] * b[at + l];
                }
                out[c] += s;
            }
        }
        return out;
    }

    /** Per channel, the mean of {@code x}. */
    double[] means(float[] x) {
        double[] out = sums(x);
        for (int c = 0; c < channels; c++) {
            out[c] /= perChannel();
        }
        return out;
    }

    /** {@code a · scale + shift} per channel, worked out in double, in a new array. */
    float[] affine(float[] a, double[] scale, double[] shift) {
        float[] out = new float[a.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int at = (n * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    out[at + l] = (float) (a[at + l] * scale[c] + shift[c]);
                }
            }
        }
        return out;
    }

    /** Adds {@code scale · (g - meanG - x̂ · meanGx)} per channel into {@code gradInput}. */
    void addInputGradient(float[] gradInput, float[] g, float[] normalised, double[] scale, double[] meanG,
                          double[] meanGx) {
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int at = (n * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    gradInput[at + l] += (float) (scale[c] * (g[at + l] - meanG[c] - normalised[at + l] * meanGx[c]));
                }
            }
        }
    }
}
