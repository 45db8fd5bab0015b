package dev.lanes.plugins;

import dev.lanes.spi.LossSample;
import dev.lanes.spi.Losses;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Every registered loss is gradient-checked on its sample (all three reductions occur across the seeds). */
class LossGradientProperties implements GradientCheckContract {

    @Override
    public Set<String> registeredNames() {
        return Losses.registry().names();
    }

    @Override
    public List<String> gradientMismatches(String name, long seed) {
        LossSample sample = Losses.registry().get(name).sample(new Random(seed));
        return GradCheck.loss(() -> Losses.create(name, sample.options()), sample.input(), sample.target(), seed);
    }
}
