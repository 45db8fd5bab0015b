package dev.lanes.plugins;

import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A test-only plugin, registered through this module's {@code META-INF/services}: {@code y = x ⊙ scale} with a
 * learnable per-feature {@code scale} (starting at 1). Nothing in engine or layers knows it.
 */
public final class FeatureScale extends Module {

    private final Tensor scale;

    public FeatureScale(int features) {
        scale = registerParameter("scale", Tensor.ones(features));
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.mul(scale);
    }

    /** {@code featurescale(features)}. */
    public static final class Provider implements LayerProvider {

        @Override
        public String name() {
            return "featurescale";
        }

        @Override
        public java.util.List<String> parameterNames() {
            return java.util.List.of("features");
        }

        @Override
        public Module create(Options options) {
            return new FeatureScale(options.requireInt("features"));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("features", 3), Tensor.randn(rng, 4, 3));
        }
    }
}
