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
}
