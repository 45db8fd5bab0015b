package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    @Test
    void roundTripsThroughTheStringMap() {
        ModelMetadata m = new ModelMetadata("linear(2, 3)", List.of("set\"osa", "virginica"), List.of("a", "b"),
                "species", new float[] {0.1f, -3e-7f}, new float[] {1f, 2.5f});
        ModelMetadata back = ModelMetadata.fromMap(m.toMap(), "f");
        assertEquals(m.spec(), back.spec());
        assertEquals(m.classes(), back.classes());
        assertEquals(m.features(), back.features());
        assertEquals(m.target(), back.target());
        assertArrayEquals(m.mean(), back.mean());
        assertArrayEquals(m.std(), back.std());
        assertTrue(back.isClassifier());
    }

    @Test
    void aPyTorchFileHasNoLanesMetadata() {
        ModelMetadata m = ModelMetadata.fromMap(Map.of("format", "pt"), "f");
        assertNull(m.spec());
        assertEquals(List.of(), m.classes());
        assertNull(m.mean());
    }

    @Test
    void malformedValuesAreModelFileErrors() {
        assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(Map.of(ModelMetadata.CLASSES, "[1,"), "f"));
        assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(Map.of(ModelMetadata.CLASSES, "[1]"), "f"));
        assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(Map.of(ModelMetadata.MEAN, "[1]"), "f"));
        assertThrows(ModelFileException.class,
                () -> ModelMetadata.fromMap(Map.of(ModelMetadata.MEAN, "[1]", ModelMetadata.STD, "[\"x\"]"), "f"));
    }

    @Test
    void numbersThatWouldMakeEveryPredictionNanAreRejectedNamingTheField() {
        var zero = assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(
                Map.of(ModelMetadata.MEAN, "[0,0]", ModelMetadata.STD, "[1,0]"), "m.safetensors"));
        assertEquals("m.safetensors: metadata lanes.standardize.std value 1 is 0.0; the inputs are divided by it, so"
                + " it must be positive", zero.getMessage());
        var huge = assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(
                Map.of(ModelMetadata.MEAN, "[1e39,0]", ModelMetadata.STD, "[1,1]"), "m.safetensors"));
        assertEquals("m.safetensors: metadata lanes.standardize.mean value 0 is 1E+39, not a finite float",
                huge.getMessage());
    }

    @Test
    void featureNamesAndStandardizationMustCoverAsManyFeatures() {
        var e = assertThrows(ModelFileException.class, () -> ModelMetadata.fromMap(Map.of(ModelMetadata.FEATURES,
                "[\"a\"]", ModelMetadata.MEAN, "[0,0]", ModelMetadata.STD, "[1,1]"), "m.safetensors"));
        assertEquals("m.safetensors: metadata lanes.features names 1 features but lanes.standardize.mean and"
                + " lanes.standardize.std hold 2 values", e.getMessage());
    }
}
