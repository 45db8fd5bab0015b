package dev.lanes.nn;

import java.util.OptionalInt;

/**
 * Reads a network's input width off its first layer with parameters, when that layer is a linear one (its weight is
 * {@code [out, in]}). Layers without parameters before it (Flatten, Dropout, activations) keep the width.
 */
public final class InputWidth {

    private InputWidth() {
    }

    /** The input width of {@code module}, or empty when its first layer with parameters is not linear. */
    public static OptionalInt of(Module module) {
        if (module instanceof Sequential seq) {
            for (Module layer : seq.layers()) {
                if (!layer.parameters().isEmpty()) {
                    return of(layer);
                }
            }
            return OptionalInt.empty();
        }
        if (module instanceof FusableLinear linear && linear.weight() != null && linear.weight().dim() == 2) {
            return OptionalInt.of(linear.weight().size(1));
        }
        return OptionalInt.empty();
    }
}
