package dev.lanes.layers.loss;

import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/** Checks shared by the losses, with messages naming the loss and the shapes. */
final class LossInputs {

    private LossInputs() {
    }

    static void requireSameShape(String loss, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": input shape " + Arrays.toString(input.shape())
                    + " and target shape " + Arrays.toString(target.shape()) + " must be equal");
        }
    }

    /** For losses whose backward treats the target as a constant: refuse a target that wants a gradient. */
    static void requireConstantTarget(String loss, Tensor target) {
        if (target.requiresGrad()) {
            throw new IllegalArgumentException(loss + ": gradients with respect to the target are not supported; "
                    + "pass target.detach()");
        }
    }

    /** Logits {@code [batch, classes]} and class ids {@code [batch]}; returns the batch size. */
    static int requireClassTargets(String loss, Tensor input, Tensor target) {
        int[] is = input.shape();
        int[] ts = target.shape();
        if (is.length != 2 || ts.length != 1 || ts[0] != is[0]) {
            throw new IllegalArgumentException(loss + ": expected input [batch, classes] and target [batch] of "
                    + "class ids, got input " + Arrays.toString(is) + " and target " + Arrays.toString(ts));
        }
        requireConstantTarget(loss, target);
        return is[0];
    }
}
