package dev.lanes.layers;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import java.util.random.RandomGenerator;

/**
 * GELU elementwise, PyTorch's {@code nn.GELU(approximate=...)}: by default {@code x·Φ(x)} with the error function,
 * as PyTorch; {@code approximate="tanh"} for the tanh form. In a spec: {@code gelu} or {@code gelu(tanh)}.
 */
public final class GELU extends ActivationLayer {

    private final String approximate;

    /** The exact GELU, PyTorch's default. */
    public GELU() {
        this("none");
    }

    /** {@code "none"} (exact) or {@code "tanh"}. */
    public GELU(String approximate) {
        super("gelu", Activation.gelu(approximate));
        this.approximate = approximate;
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'"; // as PyTorch prints it
    }

    @Override
    public Options specOptions() {
        return approximate.equals("none") ? Options.empty() : Options.of("approximate", approximate);
    }

    /** {@code gelu} or {@code gelu(approximate)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("gelu", "approximate");
        }

        @Override
        public Module create(Options options) {
            return new GELU(options.getString("approximate", "none"));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            Options form = rng.nextBoolean() ? Options.empty() : Options.of("approximate", "tanh");
            return new LayerSample(form, Samples.awayFromZero(rng, 3, 4));
        }
    }
}
