package dev.lanes.infer;

import dev.lanes.nn.FusableLinear;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
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
        Tensor weight = module.namedParameters().get("weight");
        if (module instanceof FusableLinear && weight != null && weight.dim() == 2) {
            return OptionalInt.of(weight.size(1));
        }
        return OptionalInt.empty();
    }
}
