package dev.lanes.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns eval and predict read: the model's features by name, positional only for a model that names none. */
class ModelColumnsTest {

    private static final ModelColumns AB = new ModelColumns("ab.safetensors", List.of("a", "b"), "label");

    private static Table table(String csv) throws IOException {
        return CsvReader.read(new BufferedReader(new StringReader(csv)), "t.csv");
    }

    @Test
    void featuresArePickedByNameWhateverTheOrderAndExtraColumns() throws IOException {
        Dataset d = AB.inputs(table("id,label,b,a\n7,x,2,1\n8,y,4,3\n"));
        assertEquals(List.of("a", "b"), d.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void aMissingFeatureNamesTheModelAndTheColumns() throws IOException {
        Table t = table("a,c,label\n1,2,x\n");
        assertEquals("t.csv lacks 1 of the 2 feature columns ab.safetensors was trained on (b); its columns are a, c,"
                + " label", assertThrows(DataException.class, () -> AB.inputs(t)).getMessage());
    }

    @Test
    void aModelWithoutFeatureNamesReadsEveryColumnButTheTargetInOrder() throws IOException {
        Table t = table("x,y,z\n1,2,3\n");
        ModelColumns unnamed = new ModelColumns("torch.safetensors", List.of(), null);
        assertArrayEquals(new int[] {0, 1, 2}, unnamed.inputColumns(t, -1));
        assertArrayEquals(new int[] {0, 2}, unnamed.inputColumns(t, 1));
    }

    @Test
    void theTargetCannotBeOneOfTheFeatures() throws IOException {
        Table t = table("a,b,label\n1,2,x\n");
        assertEquals("t.csv: the target column 'a' is one of the features ab.safetensors reads; --target must name"
                + " another column", assertThrows(DataException.class, () -> AB.inputColumns(t, 0)).getMessage());
    }
}
