package dev.lanes.layers;

/** {@code x - log Σ exp(x)} along {@code dim}, computed stably; PyTorch's {@code nn.LogSoftmax}. */
public final class LogSoftmax extends SoftmaxLayer {

    /**
     * Along the last dimension. PyTorch's {@code nn.LogSoftmax()} without {@code dim} picks one from the input's rank
     * (0 for 0-, 1- and 3-D input, else 1) and warns that this is deprecated; here the default is always the last,
     * the same for 1-D input and for the 2-D {@code [rows, classes]} input of a classifier. Give {@code dim} to be
     * explicit.
     */
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
