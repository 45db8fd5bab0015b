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
        double[] out = new double[channels];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                double s = 0;
                for (int l = 0; l < length; l++) {
                    s += a[at + l];
                }
                out[c] += s;
            }
        }
        return out;
    }

    /** Per channel, the sum of {@code a ⊙ b}. */
    double[] productSums(float[] a, float[] bValues) {
        double[] out = new double[channels];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                double s = 0;
                for (int l = 0; l < length; l++) {
                    s += (double) a[at + l] * bValues[at + l];
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

    /** Per channel, the mean squared deviation from {@code mean} (the biased variance; two passes, no cancellation). */
    double[] biasedVariances(float[] x, double[] mean) {
        double[] out = new double[channels];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                double s = 0;
                for (int l = 0; l < length; l++) {
                    double d = x[at + l] - mean[c];
                    s += d * d;
                }
                out[c] += s;
            }
        }
        for (int c = 0; c < channels; c++) {
            out[c] /= perChannel();
        }
        return out;
    }

    /** {@code (x - mean) · invStd} per channel. */
    float[] normalise(float[] x, double[] mean, double[] invStd) {
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    out[at + l] = (float) ((x[at + l] - mean[c]) * invStd[c]);
                }
            }
        }
        return out;
    }

    /** {@code x̂ · weight + bias} per channel in a new array; a null weight and bias copy {@code normalised}. */
    float[] scaleAndShift(float[] normalised, float[] weight, float[] bias) {
        if (weight == null) {
            return normalised.clone(); // the backward pass keeps x̂: the output must not share it
        }
        float[] out = new float[normalised.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    out[at + l] = normalised[at + l] * weight[c] + bias[c];
                }
            }
        }
        return out;
    }

    /** Adds {@code scale · (g - meanG - x̂ · meanGx)} per channel into {@code gradInput}. */
    void addInputGradient(float[] gradInput, float[] g, float[] normalised, double[] scale, double[] meanG,
                          double[] meanGx) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int at = (b * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    gradInput[at + l] += (float) (scale[c] * (g[at + l] - meanG[c] - normalised[at + l] * meanGx[c]));
                }
            }
        }
    }
}
