package dev.lanes.plugins;

import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Layers;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Every registered layer, built-ins and the test plugin alike, is gradient-checked on its sample. */
class LayerGradientProperties implements GradientCheckContract {

    @Override
    public Set<String> registeredNames() {
        return Layers.registry().names();
    }

    @Override
    public List<String> gradientMismatches(String name, long seed) {
        LayerProvider provider = Layers.registry().get(name);
        LayerSample sample = provider.sample(new Random(seed));
        return GradCheck.layer(() -> Layers.create(name, sample.options()), sample.input(),
                sample.inputDifferentiable(), seed);
    }
}
