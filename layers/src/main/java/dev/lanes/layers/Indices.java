package dev.lanes.layers;

import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/** Reads a float tensor of integer ids (class targets, embedding rows), rejecting anything else by position. */
public final class Indices {

    private Indices() {
    }

    /** The values of {@code ids} as ints; each must be a whole number in [0, bound). */
    public static int[] of(Tensor ids, int bound, String owner, String what) {
        float[] v = ids.storage();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (!(f >= 0f && f < bound) || f != Math.rint(f)) {
                throw new IllegalArgumentException(owner + ": " + what + " at flat position " + i + " of shape "
                        + Arrays.toString(ids.shape()) + " is " + f + ", but it must be a whole number in [0, "
                        + bound + ")");
            }
            out[i] = (int) f;
        }
        return out;
    }
}
