package dev.lanes.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelFileException;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs and bad files fail at once, with a message that names what is wrong. */
class PredictorErrorsTest {

    @TempDir
    Path dir;

    final Predictor p = Predictor.of(ModelSpec.parse("4-6-2:relu,none", 1));

    @Test
    void aRowOfTheWrongWidthNamesBothWidths() {
        var e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[3]));
        assertEquals("predict: the input has 3 values but the model takes 4", e.getMessage());
        var batch = assertThrows(IllegalArgumentException.class, () -> p.predictBatch(new float[10], 2));
        assertEquals("predictBatch: the input has 10 values, not 2 rows of 4 (the model's input width)",
                batch.getMessage());
    }

    @Test
    void anOutputArrayTooShortSaysHowManyPlacesAreNeeded() {
        var e = assertThrows(IllegalArgumentException.class, () -> p.predictBatch(new float[8], 2, new float[3]));
        assertEquals("predictBatch: the output array has 3 places but 2 rows need 4", e.getMessage());
    }

    @Test
    void nanAndInfinityAreRejectedNamingRowAndColumn() {
        float[] rows = new float[8];
        rows[6] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> p.predictBatch(rows, 2));
        assertEquals("predictBatch: input value 6 (row 1, column 2) is NaN; inputs must be finite numbers",
                e.getMessage());
        float[] row = {0f, Float.POSITIVE_INFINITY, 0f, 0f};
        var inf = assertThrows(IllegalArgumentException.class, () -> p.predictClass(row));
        assertTrue(inf.getMessage().contains("is Infinity"), inf.getMessage());
    }

    @Test
    void aBatchBelowOneIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> p.predictBatch(new float[0], 0));
        assertEquals("the batch size must be at least 1, got 0", e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> Predictor.load(dir.resolve("absent.safetensors")));
    }

    @Test
    void aFileThatIsNotSafetensorsFailsNamingTheFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "not a model");
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(junk));
        assertTrue(e.getMessage().contains("junk.safetensors"), e.getMessage());
    }

    @Test
    void aFileWithoutArchitectureAsksForASpec() throws Exception {
        Sequential net = ModelSpec.parse("4-6-2:relu,none", 1);
        Path file = dir.resolve("torch.safetensors");
        SafeTensors.write(file, net.stateDict(), Map.of());
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(e.getMessage().contains("carries no architecture"), e.getMessage());
        assertEquals(2, Predictor.load(file, "4-6-2:relu,none").outputWidth());
    }

    @Test
    void labelsThatDoNotMatchTheOutputsFailAtLoad() throws Exception {
        Sequential net = ModelSpec.parse("4-6-2:relu,none", 1);
        Path file = dir.resolve("labels.safetensors");
        writeUnchecked(file, net, new ModelMetadata("4-6-2:relu,none", List.of("a", "b", "c"), List.of(), "y", null,
                null));
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(e.getMessage().endsWith("3 class labels but the model has 2 outputs"), e.getMessage());
    }

    @Test
    void featureNamesThatDoNotFitTheFirstLayerFailAtLoad() throws Exception {
        Sequential net = ModelSpec.parse("4-6-2:relu,none", 1);
        Path file = dir.resolve("features.safetensors");
        writeUnchecked(file, net, new ModelMetadata("4-6-2:relu,none", List.of(), List.of("a", "b", "c"), "y", null,
                null));
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(e.getMessage().endsWith("metadata lanes.features names 3 features but the model's first layer"
                + " takes 4 inputs"), e.getMessage());
    }

    @Test
    void aStandardizationThatDoesNotFitTheFirstLayerSaysSoAtLoad() throws Exception {
        Path file = dir.resolve("narrow.safetensors");
        writeUnchecked(file, ModelSpec.parse("4-6-2:relu,none", 1), new ModelMetadata("4-6-2:relu,none", List.of(),
                List.of(), "y", new float[] {0f, 0f}, new float[] {1f, 1f}));
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertEquals(file + ": metadata lanes.standardize.mean and lanes.standardize.std hold 2 values but the"
                + " model's first layer takes 4 inputs", e.getMessage());
    }

    @Test
    void aZeroStandardDeviationOrANanWeightFailsAtLoad() throws Exception {
        Sequential net = ModelSpec.parse("4-6-2:relu,none", 1);
        Path file = dir.resolve("std0.safetensors");
        ModelFile.save(file, net, new ModelMetadata("4-6-2:relu,none", List.of(), List.of(), "y", new float[4],
                new float[] {1f, 0f, 1f, 1f}));
        var std = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(std.getMessage().startsWith(file + ": metadata lanes.standardize.std value 1 is 0.0"),
                std.getMessage());
        Map<String, Tensor> params = new LinkedHashMap<>(net.stateDict());
        params.put("2.bias", Tensor.of(new float[] {0f, Float.POSITIVE_INFINITY}, 2));
        Path nan = dir.resolve("inf.safetensors");
        SafeTensors.write(nan, params, Map.of(ModelMetadata.SPEC, "4-6-2:relu,none"));
        var weight = assertThrows(ModelFileException.class, () -> Predictor.load(nan));
        assertEquals(nan + ": tensor '2.bias' holds Infinity at [1]; weights must be finite numbers",
                weight.getMessage());
    }

    @Test
    void aSpecNamingALayerNoPluginProvidesFailsNamingTheFile() throws Exception {
        Path file = dir.resolve("unknown-layer.safetensors");
        SafeTensors.write(file, ModelSpec.parse("4-6-2:relu,none", 1).stateDict(),
                Map.of(ModelMetadata.SPEC, "linear(4,6) swish linear(6,2)"));
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(e.getMessage().startsWith(file + ": its lanes.spec is not valid: bad model spec at column 13: ")
                && e.getMessage().contains("unknown layer 'swish'"), e.getMessage());
        var given = assertThrows(ModelFileException.class, () -> Predictor.load(file, "4-6-2:swish"));
        assertTrue(given.getMessage().startsWith(file + ": the spec given for it is not valid: bad model spec"),
                given.getMessage());
    }

    /** A spec asking for 40 GB of weights is refused from the declared shapes, before anything is allocated. */
    @Test
    void aSpecFarLargerThanTheFileIsRefusedBeforeBuilding() throws Exception {
        Path file = dir.resolve("huge-spec.safetensors");
        SafeTensors.write(file, ModelSpec.parse("4-6-2:relu,none", 1).stateDict(),
                Map.of(ModelMetadata.SPEC, "4-100000-100000-2:relu,relu,none"));
        var e = assertThrows(ModelFileException.class, () -> Predictor.load(file));
        assertTrue(e.getMessage().startsWith(file + ": its tensors do not fit the architecture '4-100000-100000-2:"
                + "relu,relu,none': tensor '0.weight' is [100000, 4] there but [6, 4] in the file"), e.getMessage());
    }

    @Test
    void aModelWhoseWidthCannotBeReadAsksForIt() {
        Sequential net = ModelSpec.parse("relu", 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(net));
        assertTrue(e.getMessage().contains("Predictor.of(module, inputWidth)"), e.getMessage());
        assertEquals(3, Predictor.of(net, 3).outputWidth());
    }

    /** A file as another writer might make it: ModelFile.save itself refuses metadata that does not fit. */
    private static void writeUnchecked(Path file, Sequential net, ModelMetadata meta) throws Exception {
        SafeTensors.write(file, net.stateDict(), meta.toMap());
    }
}
