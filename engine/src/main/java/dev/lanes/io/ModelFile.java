package dev.lanes.io;

import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Sequential} saved as safetensors: the parameters under PyTorch's {@code state_dict} names
 * ({@code 0.weight} as {@code [out, in]}, {@code 0.bias}) and a {@link ModelMetadata} that says how to rebuild it.
 * A PyTorch {@code nn.Sequential} saved with {@code safetensors.torch.save_file} loads here given its spec, and a
 * file saved here loads into the same {@code nn.Sequential} in PyTorch.
 */
public final class ModelFile {

    /** Tensors under this prefix are not model parameters (a training checkpoint keeps optimizer state there). */
    public static final String EXTRA_PREFIX = "optimizer.";

    private ModelFile() {
    }

    /** A model read back: the network, what the file says about it, and the file's raw content. */
    public record Loaded(Sequential model, ModelMetadata metadata, SafeTensors.Contents contents) {
    }

    /** Atomically saves {@code model} with {@code metadata} (its spec is written as given in the metadata). */
    public static void save(Path file, Sequential model, ModelMetadata metadata) throws IOException {
        save(file, model, metadata, Map.of(), Map.of());
    }

    /** Saves with extra tensors (names must start with {@link #EXTRA_PREFIX}) and extra metadata entries. */
    public static void save(Path file, Sequential model, ModelMetadata metadata, Map<String, Tensor> extraTensors,
            Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        extraTensors.forEach((name, t) -> {
            if (!name.startsWith(EXTRA_PREFIX)) {
                throw new IllegalArgumentException("extra tensor '" + name + "' must start with " + EXTRA_PREFIX);
            }
            tensors.put(name, t);
        });
        Map<String, String> meta = new LinkedHashMap<>(metadata.toMap());
        meta.putAll(extraMetadata);
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Loads a model; {@code specOverride} (may be null) gives the architecture for files that carry none, e.g.
     * written by PyTorch. Shapes that do not fit the architecture fail with a {@link ModelFileException}.
     */
    public static Loaded load(Path file, String specOverride) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        ModelMetadata meta = ModelMetadata.fromMap(contents.metadata(), file.toString());
        String spec = specOverride != null ? specOverride : meta.spec();
        if (spec == null) {
            throw new ModelFileException(file + ": the file carries no architecture (" + ModelMetadata.SPEC
                    + " metadata; written by PyTorch?): give it with --spec, e.g. --spec '4-8-3:relu,none'");
        }
        Sequential model = ModelSpec.parse(spec, 0);
        Map<String, Tensor> params = new LinkedHashMap<>(contents.tensors());
        params.keySet().removeIf(name -> name.startsWith(EXTRA_PREFIX));
        try {
            model.loadStateDict(params);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": its tensors do not fit the architecture '" + spec + "': "
                    + e.getMessage());
        }
        model.eval();
        ModelMetadata withSpec = new ModelMetadata(spec, meta.classes(), meta.features(), meta.target(), meta.mean(),
                meta.std());
        return new Loaded(model, withSpec, contents);
    }
}
