package dev.lanes.layers;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import java.util.random.RandomGenerator;

/** {@code x > 0 ? x : negative_slope · x}, PyTorch's {@code nn.LeakyReLU} (default slope 0.01). */
public final class LeakyReLU extends ActivationLayer {

    public static final float DEFAULT_SLOPE = 0.01f;
    private final float negativeSlope;

    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    public LeakyReLU(float negativeSlope) {
        super("leakyrelu", Activation.LEAKY_RELU);
        if (!(negativeSlope >= 0f) || Float.isInfinite(negativeSlope)) {
            // the kernels read the derivative from the output's sign, which needs a slope >= 0
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be a finite number >= 0, got "
                    + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public float alpha() {
        return negativeSlope;
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PythonRepr.of(negativeSlope);
    }

    @Override
    public Options specOptions() {
        return negativeSlope == DEFAULT_SLOPE ? Options.empty() : Options.of("negative_slope", negativeSlope);
    }

    /** {@code leakyrelu(negative_slope=0.01)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("leakyrelu", "negative_slope");
        }

        @Override
        public Module create(Options o) {
            return new LeakyReLU(o.getFloat("negative_slope", DEFAULT_SLOPE));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("negative_slope", 0.2f), Samples.awayFromZero(rng, 3, 4));
        }
    }
}
