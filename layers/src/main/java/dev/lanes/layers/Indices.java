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
            if (!valid(v[i], bound)) {
                throw invalid(owner, what, v, i, ids.shape(), bound);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Whether {@code f} is a whole number in [0, bound). */
    public static boolean valid(float f, int bound) {
        return f >= 0f && f < bound && f == Math.rint(f);
    }

    /** The error for an id that is not {@link #valid}; {@code shape} is that of the ids, for the message. */
    public static IllegalArgumentException invalid(String owner, String what, float[] ids, int i, int[] shape,
                                                   int bound) {
        return new IllegalArgumentException(owner + ": " + what + " at flat position " + i + " of shape "
                + Arrays.toString(shape) + " is " + ids[i] + ", but it must be a whole number in [0, " + bound + ")");
    }
}
