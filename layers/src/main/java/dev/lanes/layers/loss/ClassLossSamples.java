package dev.lanes.layers.loss;

import dev.lanes.layers.Samples;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/** Samples for the class-index losses' providers, so the gradient contract's seeds cover their options too. */
final class ClassLossSamples {

    private ClassLossSamples() {
    }

    /** A random reduction and, each half the time, a weight per class and an ignore_index. */
    static Options options(RandomGenerator rng, int classes) {
        Options options = LossProviderBase.randomReduction(rng);
        if (rng.nextBoolean()) {
            StringJoiner weight = new StringJoiner(",");
            for (int c = 0; c < classes; c++) {
                weight.add(String.valueOf(0.5f + 1.5f * rng.nextFloat()));
            }
            options = options.with("weight", weight);
        }
        if (rng.nextBoolean()) { // a class id, or PyTorch's default given explicitly
            options = options.with("ignore_index",
                    rng.nextBoolean() ? rng.nextInt(classes) : ClassTargets.DEFAULT_IGNORE_INDEX);
        }
        return options;
    }

    /**
     * {@code rows} class ids; with an ignore_index the first target is ignored and no other, so a mean stays
     * finite (all ignored gives NaN, which finite differences cannot check).
     */
    static Tensor targets(RandomGenerator rng, Options options, int classes, int rows) {
        Tensor targets = Samples.indices(rng, classes, rows);
        if (options.has("ignore_index")) {
            int ignore = options.getInt("ignore_index", ClassTargets.DEFAULT_IGNORE_INDEX);
            float[] t = targets.storage();
            t[0] = ignore;
            for (int r = 1; r < rows; r++) {
                if (t[r] == ignore) {
                    t[r] = (ignore + 1) % classes;
                }
            }
        }
        return targets;
    }
}
