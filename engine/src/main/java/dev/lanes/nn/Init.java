package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Parameter initialisation and the default random generator layers use when none is given
 * (PyTorch's global generator and {@code torch.manual_seed}).
 */
public final class Init {

    /** A fixed start, so that runs are reproducible unless a seed is set. */
    private static final long DEFAULT_SEED = 0x5EEDL;
    private static Random global = new Random(DEFAULT_SEED);

    private Init() {
    }

    /** Resets the default generator, like {@code torch.manual_seed(seed)}. */
    public static synchronized void manualSeed(long seed) {
        global = new Random(seed);
    }

    /** The shared default generator (java.util.Random is thread-safe). */
    public static synchronized RandomGenerator defaultGenerator() {
        return global;
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
