package dev.lanes.cli.train;

import dev.lanes.kernel.Activation;
import dev.lanes.layers.LogSoftmax;
import dev.lanes.layers.Softmax;
import dev.lanes.nn.FusableActivation;
import dev.lanes.nn.FusableLinear;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;

/**
 * What a model's outputs are, read off its last layer: what {@code bce} (probabilities) and {@code nll}
 * (log-probabilities) need from their input. {@link #UNKNOWN} for a layer this does not know (a plugin, Dropout),
 * which is then not judged.
 */
enum OutputRange {
    REAL("any real number"),
    PROBABILITY("probabilities in [0, 1]"),
    LOG_PROBABILITY("log-probabilities"),
    UNKNOWN("unknown values");

    private final String description;

    OutputRange(String description) {
        this.description = description;
    }

    /** The range of {@code model}'s outputs: of its last layer, for a {@link Sequential}. */
    static OutputRange of(Module model) {
        Module layer = lastLayer(model);
        if (layer instanceof FusableActivation a) { // ReLU, tanh, GELU...: not bounded to [0, 1] either
            return a.activation() == Activation.SIGMOID ? PROBABILITY : REAL;
        }
        if (layer instanceof Softmax) {
            return PROBABILITY;
        }
        if (layer instanceof LogSoftmax) {
            return LOG_PROBABILITY;
        }
        return layer instanceof FusableLinear ? REAL : UNKNOWN;
    }

    /** The last layer of {@code model} (inside nested Sequentials), or the model itself when it is a layer. */
    static Module lastLayer(Module model) {
        return model instanceof Sequential seq && seq.size() > 0 ? lastLayer(seq.get(seq.size() - 1)) : model;
    }

    /** E.g. {@code probabilities in [0, 1]}. */
    String description() {
        return description;
    }
}
