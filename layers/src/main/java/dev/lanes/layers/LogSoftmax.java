package dev.lanes.layers;

/** {@code x - log Σ exp(x)} along {@code dim}, computed stably; PyTorch's {@code nn.LogSoftmax}. */
public final class LogSoftmax extends SoftmaxLayer {

    public LogSoftmax() {
        this(DEFAULT_DIM);
    }

    public LogSoftmax(int dim) {
        super("logsoftmax", true, dim);
    }

    /** {@code logsoftmax(dim=-1)}. */
    public static final class Provider extends DimProvider {
        public Provider() {
            super("logsoftmax", LogSoftmax::new);
        }
    }
}
