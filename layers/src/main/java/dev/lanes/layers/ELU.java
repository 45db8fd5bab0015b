package dev.lanes.layers;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import java.util.random.RandomGenerator;

/** {@code x > 0 ? x : alpha·(exp(x) - 1)} elementwise, PyTorch's {@code nn.ELU} (default alpha 1.0). */
public final class ELU extends ActivationLayer {

    public static final float DEFAULT_ALPHA = 1f;
    private final float alpha;

    public ELU() {
        this(DEFAULT_ALPHA);
    }

    public ELU(float alpha) {
        super("elu", Activation.ELU);
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            // the kernels read the derivative from the output (y + alpha below 0), which needs alpha >= 0
            throw new IllegalArgumentException("ELU: alpha must be a finite number >= 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public float alpha() {
        return alpha;
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + PythonRepr.of(alpha); // PyTorch prints it even at the default
    }

    @Override
    public Options specOptions() {
        return alpha == DEFAULT_ALPHA ? Options.empty() : Options.of("alpha", alpha);
    }

    /** {@code elu(alpha=1.0)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("elu", "alpha");
        }

        @Override
        public Module create(Options o) {
            return new ELU(o.getFloat("alpha", DEFAULT_ALPHA));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            Options form = rng.nextBoolean() ? Options.empty() : Options.of("alpha", 0.5f);
            return new LayerSample(form, Samples.awayFromZero(rng, 3, 4));
        }
    }
}
