package dev.lanes.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {

    @TempDir
    Path dir;

    private String csv(String content) throws IOException {
        Path p = dir.resolve("d" + System.nanoTime() + ".csv");
        Files.writeString(p, content);
        return p.toString();
    }

    private String failure(String data, String target) {
        return assertThrows(DataException.class, () -> DataFiles.load(data, null, target, false)).getMessage();
    }

    @Test
    void bundledDigits() throws IOException {
        Dataset d = DataFiles.load(null, null, null, false);
        assertEquals(1797, d.rows());
        assertEquals(64, d.cols());
        assertEquals("digit", d.targetName());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classes());
    }

    @Test
    void stringLabelsAreSortedAndIndexed() throws IOException {
        Dataset d = DataFiles.load(Path.of("src/test/resources/data/iris.csv").toString(), null, null, false);
        assertEquals(150, d.rows());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classes());
        assertEquals(0, d.labels()[0]);
        assertEquals(2, d.labels()[149]);
    }

    @Test
    void integerLabelsSortNumericallyAndTargetCanBeAnyColumn() throws IOException {
        String f = csv("y,a,b\n10,1,2\n9,3,4\n-1,5,6\n");
        Dataset d = DataFiles.load(f, null, "y", false);
        assertEquals(List.of("-1", "9", "10"), d.classes());
        assertArrayEquals(new int[] {2, 1, 0}, d.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features());
        assertEquals(List.of("a", "b"), d.featureNames());
    }

    @Test
    void regressionTarget() throws IOException {
        Dataset d = DataFiles.load(csv("a,y\n1,0.5\n2,-1.25\n"), null, null, true);
        assertArrayEquals(new float[] {0.5f, -1.25f}, d.values());
        assertEquals(List.of(), d.classes());
    }

    @Test
    void badFilesNameTheProblem() throws IOException {
        assertTrue(failure(dir.resolve("missing.csv").toString(), null).endsWith("missing.csv: no such file"));
        assertTrue(failure(csv(""), null).contains("the file is empty"));
        assertTrue(failure(csv("a,b,y\n"), null).contains("no data rows"));
        assertTrue(failure(csv("a,b,y\n1,2,0\n1,2\n"), null).contains("line 3: 2 values, but the header has 3"));
        assertTrue(failure(csv("a,b,y\n1,2,0\n1,x,1\n"), null).contains("line 3, column 'b' (2): 'x' is not a number"));
        assertTrue(failure(csv("a,b,y\n1,NaN,0\n"), null).contains("line 2, column 'b' (2): NaN is not allowed"));
        assertTrue(failure(csv("a,b,y\n1,2,0\nInfinity,1,1\n"), null).contains("line 3, column 'a' (1)"));
        assertTrue(failure(csv("a,b,y\n1,2,0\n"), "z").contains("no column 'z'; the columns are: a, b, y"));
        assertTrue(failure(dir.toString(), null).contains("is a directory"));
    }

    private void writeIdx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }

    @Test
    void mnistIdxPlainAndGzip() throws IOException {
        Path images = dir.resolve("t-images-idx3-ubyte.gz");
        Path labels = dir.resolve("t-labels-idx1-ubyte.gz");
        writeIdx(images, 0x803, new int[] {2, 1, 2}, new byte[] {0, (byte) 255, (byte) 51, 0}, true);
        writeIdx(labels, 0x801, new int[] {2}, new byte[] {7, 2}, false);
        Dataset d = DataFiles.load(images.toString(), null, null, false);
        assertEquals(2, d.rows());
        assertEquals(2, d.cols());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0f}, d.features(), 1e-7f);
        assertArrayEquals(new int[] {7, 2}, d.labels());
        assertEquals(8, d.classes().size());

        writeIdx(labels, 0x801, new int[] {3}, new byte[] {7, 2, 1}, false);
        assertTrue(failure(images.toString(), null).contains("3 labels for 2 images"));
        writeIdx(labels, 0x803, new int[] {3}, new byte[] {7, 2, 1}, false);
        assertTrue(failure(images.toString(), null).contains("not an IDX file of labels"));
        writeIdx(images, 0x803, new int[] {2, 1, 2}, new byte[] {0, 1}, false);
        assertTrue(failure(images.toString(), null).contains("truncated"));
    }

    @Test
    void splitIsSeededAndDisjoint() throws IOException {
        Dataset d = DataFiles.load(null, null, null, false);
        Dataset[] a = d.split(0.2, 1);
        Dataset[] b = d.split(0.2, 1);
        assertEquals(359, a[1].rows());
        assertEquals(1797 - 359, a[0].rows());
        assertArrayEquals(a[1].features(), b[1].features());
        assertThrows(DataException.class, () -> d.split(1.0, 1));
    }
}
