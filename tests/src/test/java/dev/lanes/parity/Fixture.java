package dev.lanes.parity;

import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fixture written by a {@code generate_*.py} script in its folder under {@code tests/fixtures} (seed parity,
 * class losses): one tensor per line, {@code name dims values...}, dims comma-separated or {@code -} for a scalar.
 */
final class Fixture {

    private final Path path;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    private Fixture(Path path) {
        this.path = path;
    }

    /** Reads {@code fixtures/<name>} relative to the tests module (Surefire's working directory). */
    static Fixture load(String name) {
        Path path = Path.of("fixtures", name);
        if (!Files.exists(path)) {
            throw new IllegalStateException("fixture " + path.toAbsolutePath() + " is missing; regenerate it with "
                    + "the generate_*.py script in " + path.toAbsolutePath().getParent());
        }
        Fixture f = new Fixture(path);
        try {
            List<String> lines = Files.readAllLines(path);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    f.parse(line, n + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    private void parse(String line, int lineNumber) {
        String[] parts = line.split(" ");
        int[] shape = parts[1].equals("-") ? new int[0]
                : Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray();
        float[] values = new float[parts.length - 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.parseFloat(parts[i + 2]);
        }
        try {
            tensors.put(parts[0], Tensor.of(values, shape));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalStateException(path + " has no entry '" + name + "'; entries: " + tensors.keySet());
        }
        return t;
    }

    /**
     * The case names of a fixture whose entries are named {@code <case>.<tensor>}: each name up to its last dot,
     * once, in file order.
     */
    Set<String> caseNames() {
        Set<String> names = new LinkedHashSet<>();
        tensors.keySet().forEach(k -> names.add(k.substring(0, k.lastIndexOf('.'))));
        return names;
    }

    /** The entries whose names start with {@code prefix}, with the prefix removed (a state dict). */
    Map<String, Tensor> withPrefix(String prefix) {
        return withPrefix(tensors, prefix);
    }

    /** The entries of {@code tensors} whose names start with {@code prefix}, with the prefix removed. */
    static Map<String, Tensor> withPrefix(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
