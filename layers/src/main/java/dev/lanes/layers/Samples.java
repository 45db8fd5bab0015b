package dev.lanes.layers;

import dev.lanes.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Inputs for the providers' samples (the registry-wide gradient contract runs every layer and loss on them). */
public final class Samples {

    /** Distance kept from kinks such as ReLU's 0, larger than any finite-difference step the contract takes. */
    public static final float KINK_MARGIN = 0.1f;

    private Samples() {
    }

    /** Normal samples pushed at least {@link #KINK_MARGIN} away from 0. */
    public static Tensor awayFromZero(RandomGenerator rng, int... shape) {
        Tensor t = Tensor.randn(rng, shape);
        float[] v = t.storage();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] >= 0f ? v[i] + KINK_MARGIN : v[i] - KINK_MARGIN;
        }
        return t;
    }

    /** Integers in [0, bound) stored as floats: class ids or embedding rows. */
    public static Tensor indices(RandomGenerator rng, int bound, int... shape) {
        return Tensor.randint(0, bound, rng, shape);
    }
}
