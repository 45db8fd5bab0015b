package dev.lanes.kernel;

import java.util.Arrays;

/**
 * A dense layer's weights prepared once for many {@link Kernel#linearForward(float[], PackedLinear, Activation,
 * float, float[], float[], int)} calls: inference on frozen weights. Made by {@link Kernel#packLinear}, which copies
 * the weight and bias arrays, so changing (or training) the originals afterwards does not change this layer; a
 * kernel may also keep the weights in the layout its own loops read (the vector kernel keeps its GEMM panels, and
 * then skips packing W on every large-batch call).
 *
 * <p>Immutable once made, so one instance may serve any number of threads.
 */
public class PackedLinear {

    private final float[] weight;
    private final float[] bias;
    private final int in;
    private final int out;

    /**
     * Copies {@code w[out, in]} and {@code bias[out]}.
     *
     * @param bias {@code null} for a layer without bias
     * @throws IllegalArgumentException when a size is negative or an array is too short for it
     */
    protected PackedLinear(float[] w, float[] bias, int in, int out) {
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException("packLinear: negative dimension in " + out + "x" + in);
        }
        KernelArgs.length("packLinear", "weight", w, (long) out * in);
        KernelArgs.optional("packLinear", "bias", bias, out);
        this.weight = Arrays.copyOf(w, out * in);
        this.bias = bias == null ? null : Arrays.copyOf(bias, out);
        this.in = in;
        this.out = out;
    }

    /** In-features (K). */
    public final int in() {
        return in;
    }

    /** Out-features (N). */
    public final int out() {
        return out;
    }

    /** Whether the layer has a bias. */
    public final boolean hasBias() {
        return bias != null;
    }

    /** The copied weights, {@code [out, in]} row-major; for kernels only, never to be written. */
    protected final float[] weight() {
        return weight;
    }

    /** The copied bias, or {@code null}; for kernels only, never to be written. */
    protected final float[] bias() {
        return bias;
    }
}
