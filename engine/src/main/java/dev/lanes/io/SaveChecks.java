package dev.lanes.io;

import dev.lanes.nn.FusableLinear;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * What {@link ModelFile#save} checks before writing: a file it writes must load again ({@link LoadChecks} and
 * {@code Predictor} apply the same rules at load), so a mismatch fails in the code that made it, not later in a
 * service that loads the file.
 */
final class SaveChecks {

    private SaveChecks() {
    }

    /** Refuses what load would refuse. A null spec is allowed: the file then records no architecture, as PyTorch's. */
    static void requireFits(Path file, Sequential model, ModelMetadata metadata) {
        if (metadata.spec() != null) {
            requireSpecDescribes(file, metadata.spec(), model);
        }
        try {
            LoadChecks.requireInputWidth(file, metadata, model);
        } catch (ModelFileException e) { // its message starts with the file, which refused adds again
            String prefix = file + ": ";
            throw refused(file, e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage());
        }
        requireClassesFit(file, metadata, model);
    }

    /** The spec builds parameters of the model's names and shapes. */
    private static void requireSpecDescribes(Path file, String spec, Sequential model) {
        Map<String, Tensor> built;
        try {
            built = ModelSpec.parse(spec, 0).stateDict();
        } catch (IllegalArgumentException e) {
            throw refused(file, "the metadata's spec is not valid: " + e.getMessage());
        }
        Map<String, Tensor> own = model.stateDict();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = built.get(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), e.getValue().shape())) {
                throw refused(file, "the metadata's spec '" + spec + "' does not describe the model: parameter '"
                        + e.getKey() + "' is " + Arrays.toString(e.getValue().shape()) + " in the model but "
                        + (t == null ? "absent" : Arrays.toString(t.shape())) + " in the spec");
            }
        }
        if (built.size() != own.size()) {
            throw refused(file, "the metadata's spec '" + spec + "' has parameters the model lacks: "
                    + built.keySet().stream().filter(k -> !own.containsKey(k)).toList());
        }
    }

    /** Class labels, where given, name every output of a model that ends in a linear layer. */
    private static void requireClassesFit(Path file, ModelMetadata meta, Sequential model) {
        if (meta.classes().isEmpty()) {
            return;
        }
        for (int i = model.size() - 1; i >= 0; i--) {
            Module layer = model.get(i);
            if (!layer.parameters().isEmpty()) {
                if (layer instanceof FusableLinear linear && linear.weight() != null && linear.weight().dim() == 2
                        && linear.weight().size(0) != meta.classes().size()) {
                    throw refused(file, meta.classes().size() + " class labels but the model has "
                            + linear.weight().size(0) + " outputs");
                }
                return;
            }
        }
    }

    private static IllegalArgumentException refused(Path file, String why) {
        return new IllegalArgumentException("ModelFile.save " + file + ": " + why);
    }
}
