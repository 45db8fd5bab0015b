package dev.lanes.infer;

import dev.lanes.nn.FusableLinear;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import java.util.OptionalInt;

/**
 * Reads a network's input width off its first layer with parameters, when that layer is a linear one (its weight is
 * {@code [out, in]}). Layers without parameters before it (Flatten, Dropout, activations) keep the width.
 */
final class InputWidth {

    private InputWidth() {
    }

    static OptionalInt of(Module module) {
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
