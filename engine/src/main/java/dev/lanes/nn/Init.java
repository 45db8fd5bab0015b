package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Parameter initialisation and the default random generator layers use when none is given
 * (PyTorch's global generator and {@code torch.manual_seed}).
 */
public final class Init {

    /** A fixed start, so that runs are reproducible unless a seed is set. */
    private static final long DEFAULT_SEED = 0x5EEDL;
    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);

    private Init() {
    }

    /** Reseeds the default generator, like {@code torch.manual_seed(seed)}. */
    public static void manualSeed(long seed) {
        GLOBAL.setSeed(seed);
    }

    /**
     * The shared default generator (thread-safe); always the same object, reseeded by {@link #manualSeed}. Its
     * {@link Generator#getState()}/{@link Generator#setState} are PyTorch's {@code torch.get_rng_state()}/{@code
     * set_rng_state()}.
     */
    public static Generator defaultGenerator() {
        return GLOBAL;
    }

    /** Samples from U(-bound, bound), PyTorch's {@code nn.init.uniform_(t, -bound, bound)}. */
    public static Tensor uniform(RandomGenerator rng, float bound, int... shape) {
        Tensor t = Tensor.rand(rng, shape);
        float[] v = t.storage();
        for (int i = 0; i < v.length; i++) {
            v[i] = (2f * v[i] - 1f) * bound;
        }
        return t;
    }

    /** Standard normal samples, PyTorch's {@code nn.init.normal_} with mean 0 and std 1. */
    public static Tensor normal(RandomGenerator rng, int... shape) {
        return Tensor.randn(rng, shape);
    }
}
