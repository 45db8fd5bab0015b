package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelFile.save refuses metadata that the file's loader would refuse, and fills in a missing spec. */
class ModelFileSaveTest {

    @TempDir
    Path dir;

    private static Sequential net() {
        return ModelSpec.parse("linear(3,4) relu linear(4,2)", 5);
    }

    private static ModelMetadata meta(String spec, List<String> classes, List<String> features) {
        return new ModelMetadata(spec, classes, features, null, null, null);
    }

    @Test
    void aSpecThatDoesNotDescribeTheModelIsRefusedAndNothingIsWritten() {
        Path file = dir.resolve("m.safetensors");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(file, net(), meta("linear(3,8) relu linear(8,2)", List.of(), List.of())));
        assertTrue(e.getMessage().contains("does not describe the model: parameter '0.weight' is [4, 3] in the model"
                + " but [8, 3] in the spec"), e.getMessage());
        assertFalse(Files.exists(file));
        var extra = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, net(),
                meta("linear(3,4) relu linear(4,2) relu linear(2,2)", List.of(), List.of())));
        assertTrue(extra.getMessage().contains("has parameters the model lacks: [4.weight, 4.bias]"),
                extra.getMessage());
    }

    @Test
    void classLabelsAndFeaturesMustFitTheModel() {
        Path file = dir.resolve("m.safetensors");
        String spec = "linear(3,4) relu linear(4,2)";
        var classes = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(file, net(), meta(spec, List.of("a", "b", "c"), List.of())));
        assertTrue(classes.getMessage().endsWith(": 3 class labels but the model has 2 outputs"), classes.getMessage());
        var features = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(file, net(), meta(spec, List.of(), List.of("x", "y"))));
        assertTrue(features.getMessage().startsWith("ModelFile.save " + file + ": metadata lanes.features names 2"),
                features.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void withoutASpecTheFileIsAPlainStateDictThatLoadsGivenOne() throws Exception {
        Path file = dir.resolve("m.safetensors");
        Sequential net = Sequential.of(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        ModelFile.save(file, net, meta(null, List.of("no", "yes"), List.of()));
        var e = assertThrows(ModelFileException.class, () -> ModelFile.load(file, null));
        assertTrue(e.getMessage().contains("carries no architecture"), e.getMessage());
        String spec = ModelSpec.format(net);
        assertEquals("linear(3,4) relu linear(4,2)", spec);
        float[] row = {0.5f, -1f, 2f};
        assertArrayEquals(Predictor.of(net).predict(row), Predictor.load(file, spec).predict(row), 1e-6f);
    }
}
