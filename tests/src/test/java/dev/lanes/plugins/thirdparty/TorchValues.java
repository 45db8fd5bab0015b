package dev.lanes.plugins.thirdparty;

import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PyTorch values in {@code tests/fixtures/plugins/rmsnorm.txt} (lines {@code <name> <shape> <values>}, written by
 * the script there), read as a plugin author outside this project would, without the project's test helpers.
 */
final class TorchValues {

    static final Map<String, Tensor> RMSNORM = read(Path.of("fixtures", "plugins", "rmsnorm.txt"));

    private TorchValues() {
    }

    private static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                int[] shape = f[1].equals("-") ? new int[0] : Arrays.stream(f[1].split(","))
                        .mapToInt(Integer::parseInt).toArray();
                float[] v = new float[f.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(f[i + 2]);
                }
                out.put(f[0], Tensor.of(v, shape));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toAbsolutePath() + ": regenerate it with its generate_*.py script", e);
        }
        return out;
    }

    /** The entries under {@code prefix}, the prefix removed. */
    static Map<String, Tensor> under(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        RMSNORM.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** |actual − expected| ≤ absolute + relative·|expected| everywhere, else a message naming the first miss. */
    static void assertClose(String what, float[] expected, float[] actual, float absolute, float relative) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= absolute + relative * Math.abs(expected[i]))) {
                throw new AssertionError(what + "[" + i + "]: " + actual[i] + ", PyTorch " + expected[i]);
            }
        }
    }
}
