package dev.lanes.layers;

import dev.lanes.nn.Module;
import dev.lanes.nn.PassThrough;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Merges dimensions {@code start_dim..} into one, PyTorch's {@code nn.Flatten} (default start_dim 1, end_dim -1). */
public final class Flatten extends Module implements PassThrough, SpecWritable {

    public static final int DEFAULT_START_DIM = 1;
    private final int startDim;

    public Flatten() {
        this(DEFAULT_START_DIM);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        int start = startDim < 0 ? startDim + shape.length : startDim;
        if (start < 0 || start >= Math.max(shape.length, 1)) {
            throw new IllegalArgumentException("Flatten: start_dim " + startDim + " is out of range for input shape "
                    + Arrays.toString(shape));
        }
        int[] out = Arrays.copyOf(shape, start + 1);
        out[start] = 1; // the flattened size spelled out, not -1, which an empty batch (0 elements) leaves ambiguous
        for (int d = start; d < shape.length; d++) {
            out[start] *= shape[d];
        }
        return shape.length == 0 ? input.reshape(1) : input.reshape(out);
    }

    /** From dimension 1 (or the last) a 2-D input {@code [rows, features]} keeps its shape. */
    @Override
    public boolean passesThrough() {
        return startDim == 1 || startDim == -1;
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }

    @Override
    public String specName() {
        return "flatten";
    }

    @Override
    public Options specOptions() {
        return startDim == DEFAULT_START_DIM ? Options.empty() : Options.of("start_dim", startDim);
    }

    /** {@code flatten(start_dim=1)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("flatten", "start_dim");
        }

        @Override
        public Module create(Options o) {
            return new Flatten(o.getInt("start_dim", DEFAULT_START_DIM));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.empty(), Tensor.randn(rng, 2, 3, 2));
        }
    }
}
