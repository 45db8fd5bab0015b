package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The default random generator layers use when none is given (PyTorch's global generator and
 * {@code torch.manual_seed}), and two factories for fresh initialised tensors. The in-place initialisers of
 * {@code torch.nn.init} (Xavier, Kaiming, truncated normal, ...) are {@link Initializers}.
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
        return Initializers.uniform(Tensor.zeros(shape), -bound, bound, rng);
    }

    /** Standard normal samples, PyTorch's {@code nn.init.normal_} with mean 0 and std 1. */
    public static Tensor normal(RandomGenerator rng, int... shape) {
        return Initializers.normal(Tensor.zeros(shape), 0, 1, rng);
    }
}
