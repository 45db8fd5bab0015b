package dev.lanes.layers;

/** {@code exp(x) / Σ exp(x)} along {@code dim}, computed stably; PyTorch's {@code nn.Softmax}. */
public final class Softmax extends SoftmaxLayer {

    public Softmax() {
        this(DEFAULT_DIM);
    }

    public Softmax(int dim) {
        super("softmax", false, dim);
    }

    /** {@code softmax(dim=-1)}. */
    public static final class Provider extends DimProvider {
        public Provider() {
            super("softmax", Softmax::new);
        }
    }
}
