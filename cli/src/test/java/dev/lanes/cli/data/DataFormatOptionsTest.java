package dev.lanes.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Loading refuses what would otherwise be silently wrong: options that do not apply to the data's format, an IDX
 * label file given as data, and training data with a single class.
 */
class DataFormatOptionsTest {

    @TempDir
    Path dir;

    private String csv(String content) throws IOException {
        Path p = dir.resolve("d.csv");
        Files.writeString(p, content);
        return p.toString();
    }

    private Path idx(String name, int magic, int[] dims, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        Path p = dir.resolve(name);
        Files.write(p, b.put(data).array());
        return p;
    }

    private Path images(String name) throws IOException {
        return idx(name, 0x803, new int[] {2, 1, 2}, new byte[4]);
    }

    private static String failure(Executable load) {
        return assertThrows(DataException.class, load).getMessage();
    }

    @Test
    void optionsThatDoNotApplyToTheFormatAreRefused() throws IOException {
        String images = images("t-images-idx3-ubyte").toString();
        idx("t-labels-idx1-ubyte", 0x801, new int[] {2}, new byte[] {0, 1});
        assertEquals("--target applies to CSV data, but " + images + " is IDX images (their labels come from"
                + " --labels)", failure(() -> DataFiles.load(images, null, "label", false)));
        assertEquals("--regression applies to CSV data, but " + images + " is IDX images, whose labels are classes",
                failure(() -> DataFiles.load(images, null, null, true)));
        String table = csv("a,y\n1,0\n2,1\n");
        assertEquals("--labels applies to IDX images, but " + table + " is CSV (its label column is picked with"
                + " --target)", failure(() -> DataFiles.load(table, "labels.idx", null, false)));
        assertTrue(failure(() -> DataFiles.load(null, "labels.idx", null, false)).contains(DataFiles.BUNDLED));
    }

    @Test
    void anIdxLabelFileGivenAsDataSaysSo() throws IOException {
        String labels = idx("t-labels-idx1-ubyte", 0x801, new int[] {2}, new byte[] {0, 1}).toString();
        assertEquals(labels + ": an IDX label file, not CSV: give the images as --data and this file as --labels",
                failure(() -> DataFiles.load(labels, null, null, false)));
    }

    @Test
    void idxImagesAreRecognisedByTheirMagicNumberWhateverTheirName() throws IOException {
        String images = images("scans.bin").toString();
        idx("labels.bin", 0x801, new int[] {2}, new byte[] {3, 4});
        Dataset d = DataFiles.load(images, dir.resolve("labels.bin").toString(), null, false);
        assertArrayEquals(new int[] {3, 4}, d.labels());
    }

    @Test
    void trainingDataWithOneClassIsRefusedNamingFileAndClass() throws IOException {
        String table = csv("a,b,label\n1,2,x\n3,4,x\n");
        assertEquals(table + ": every row has class 'x' in column 'label'; classification needs at least 2 classes"
                + " (--regression treats the target as a value)", failure(() -> DataFiles.load(table, null, null,
                        false)));
        String images = images("t-images-idx3-ubyte").toString();
        idx("t-labels-idx1-ubyte", 0x801, new int[] {2}, new byte[] {7, 7});
        assertTrue(failure(() -> DataFiles.load(images, null, null, false)).contains("every row has class '7'"));
    }

    @Test
    void evaluationDataMayHoldOneClass() throws IOException {
        ModelColumns model = new ModelColumns("m.safetensors", List.of("a", "b"), "label");
        Dataset d = DataFiles.load(csv("b,a,label\n2,1,x\n"), null, null, false, model);
        assertEquals(List.of("x"), d.classes());
        assertArrayEquals(new float[] {1, 2}, d.features());
    }
}
