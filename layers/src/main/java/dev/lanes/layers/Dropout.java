package dev.lanes.layers;

import dev.lanes.nn.FusableDropout;
import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Module;
import dev.lanes.nn.Stochastic;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code nn.Dropout}: in training mode each element is zeroed with probability {@code p} and the rest
 * scaled by {@code 1/(1-p)}; in evaluation mode the input passes through unchanged.
 */
public final class Dropout extends Module implements FusableDropout, SpecWritable, Stochastic {

    public static final float DEFAULT_P = 0.5f;
    private final float p;
    private RandomGenerator rng; // null: the default generator as it is at each call (see below)

    public Dropout() {
        this(DEFAULT_P);
    }

    /**
     * Draws its masks from {@link Init#defaultGenerator()} as it is when forward runs, as PyTorch's dropout draws from
     * the global generator: {@code Init.manualSeed} after the layer is built still decides its masks.
     */
    public Dropout(float p) {
        this(p, null);
    }

    /**
     * Draws its masks from {@code rng} (null: as {@link #Dropout(float)}). A training checkpoint keeps its state when
     * it is a {@link Generator}; a plain {@code java.util.Random} cannot be read, so a run resumed from a checkpoint
     * would draw other masks.
     */
    public Dropout(float p, RandomGenerator rng) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Dropout: probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (passesThrough()) {
            return input;
        }
        float[] mask = new float[input.numel()];
        nextMask(mask, mask.length);
        // The tensor owns the fresh array, no copy: a result with no inputs records no graph, a constant
        return input.mul(CustomOp.result("DropoutMask", mask, input.shape(), gradOutput -> { }));
    }

    /** Element i is dropped when the i-th uniform draw is below p; kept ones are scaled by 1/(1-p). */
    @Override
    public void nextMask(float[] mask, int n) {
        java.util.Objects.checkFromIndexSize(0, n, mask.length);
        RandomGenerator rng = this.rng != null ? this.rng : Init.defaultGenerator();
        if (rng instanceof Generator g) { // the same numbers, drawn in one call
            g.nextFloats(mask, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                mask[i] = rng.nextFloat();
            }
        }
        // u < p drops. Without a branch, which would guess wrong on a fraction p of the draws: u and p are
        // non-negative floats, so their bit patterns order as they do, and the sign of the difference is the
        // comparison. With the bulk draw, forward at 128 x 512, p = 0.3 went from 630 to 140 µs (torch 1 thread: 650).
        int pBits = Float.floatToRawIntBits(p);
        float keep = 1f - p;
        float scale = keep == 0f ? 0f : 1f / keep; // kept elements are scaled by it; 0 * (1/0) would be NaN
        for (int i = 0; i < n; i++) {
            int dropped = (Float.floatToRawIntBits(mask[i]) - pBits) >>> 31;
            mask[i] = (1 - dropped) * scale;
        }
    }

    @Override
    public RandomGenerator generator() {
        return rng;
    }

    @Override
    public void useGenerator(RandomGenerator generator) {
        this.rng = generator;
    }

    /** In evaluation mode (or with p = 0) forward returns its input. */
    @Override
    public boolean passesThrough() {
        return !isTraining() || p == 0f;
    }

    @Override
    protected String extraRepr() {
        return "p=" + PythonRepr.of(p) + ", inplace=False";
    }

    @Override
    public String specName() {
        return "dropout";
    }

    @Override
    public Options specOptions() {
        return p == DEFAULT_P ? Options.empty() : Options.of("p", p);
    }

    /** {@code dropout(p=0.5, seed)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("dropout", "p", "seed");
        }

        @Override
        public Module create(Options o) {
            RandomGenerator rng = o.has("seed") ? new Generator(o.requireInt("seed")) : null;
            return new Dropout(o.getFloat("p", DEFAULT_P), rng);
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("p", 0.3f, "seed", rng.nextInt()), Tensor.randn(rng, 4, 5));
        }
    }
}
