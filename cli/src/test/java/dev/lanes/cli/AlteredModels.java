package dev.lanes.cli;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A good 64-32-10 digits classifier with standardized inputs, written by {@link ModelFile#save} into {@code dir},
 * and copies of it with one header field or tensor altered, as a damaged or hand-edited file would be.
 */
record AlteredModels(Path dir, Path good) {

    static final String SPEC = "64-32-10:relu,none";

    static AlteredModels in(Path dir) throws IOException {
        Path good = dir.resolve("good.safetensors");
        float[] mean = new float[64];
        float[] std = new float[64];
        Arrays.fill(std, 4f);
        List<String> features = IntStream.range(0, 64).mapToObj(i -> "pixel" + i).toList();
        List<String> classes = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        ModelFile.save(good, ModelSpec.parse(SPEC, 1), new ModelMetadata(SPEC, classes, features, "digit", mean, std));
        return new AlteredModels(dir, good);
    }

    /** A copy of the good model named {@code name}, with {@code metadata} and {@code tensors} changed in place. */
    Path altered(String name, Consumer<Map<String, String>> metadata, Consumer<Map<String, Tensor>> tensors)
            throws IOException {
        SafeTensors.Contents c = SafeTensors.read(good);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        Map<String, Tensor> params = new LinkedHashMap<>(c.tensors());
        metadata.accept(meta);
        tensors.accept(params);
        Path file = dir.resolve(name);
        SafeTensors.write(file, params, meta);
        return file;
    }

    /** A copy with metadata {@code key} set to {@code value}, or removed when {@code value} is null. */
    Path withMetadata(String name, String key, String value) throws IOException {
        return altered(name, m -> {
            if (value == null) {
                m.remove(key);
            } else {
                m.put(key, value);
            }
        }, t -> { });
    }
}
