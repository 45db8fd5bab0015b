package dev.lanes.cli.serve;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.Json;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A 4-8-3 classifier with standardized inputs, saved to a file the server loads, and the test's own oracle: the
 * file loaded again and run directly, standardization done by hand.
 */
final class TinyModel {

    static final String SPEC = "4-8-3:relu,none";
    static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    static final List<String> FEATURES = List.of("a", "b", "c", "d");
    static final float[] MEAN = {1f, -2f, 0.5f, 3f};
    static final float[] STD = {2f, 0.5f, 1f, 4f};

    private TinyModel() {
    }

    static Path save(Path dir) throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.save(file, ModelSpec.parse(SPEC, 7), new ModelMetadata(SPEC, CLASSES, FEATURES, "species", MEAN,
                STD));
        return file;
    }

    /** The network's outputs for raw rows (flattened), or layer {@code upTo}'s activations when not null. */
    static float[] expected(Path file, float[] raw, int rows, Integer upTo) throws IOException {
        var net = ModelFile.load(file, null).model();
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = (raw[i] - MEAN[i % 4]) / STD[i % 4];
        }
        try (var scope = GradMode.noGrad()) {
            Tensor t = Tensor.of(x, rows, 4);
            int last = upTo == null ? net.size() - 1 : upTo;
            for (int i = 0; i <= last; i++) {
                t = net.get(i).forward(t);
            }
            return t.toArray();
        }
    }

    static float[] randomRows(long seed, int rows) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 3);
        }
        return x;
    }

    static String jsonBody(float[] x, int rows) {
        StringBuilder sb = new StringBuilder("{\"inputs\": [");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < 4; c++) {
                sb.append(c == 0 ? "" : ", ").append(x[r * 4 + c]);
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    /** The {@code predictions} of a response body. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> predictions(String body) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(body)).get("predictions");
    }

    /** A JSON array of numbers as floats (Float.toString round-trips, so these are the server's exact values). */
    static float[] floats(Object jsonArray) {
        List<?> list = (List<?>) jsonArray;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(((BigDecimal) list.get(i)).toString());
        }
        return out;
    }
}
