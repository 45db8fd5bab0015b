package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval and predict on a two-feature model ({@code a}, {@code b} -> neg/pos) and the digits model: columns are the
 * model's by name, options that do not fit are refused before anything is printed, output does not follow the
 * locale, and {@code --out -} is standard output.
 */
class EvalPredictColumnsTest {

    @TempDir
    static Path dir;
    static Path ab;
    static Path ba;
    static Path abModel;
    static Path digitsModel;

    @BeforeAll
    static void trainModels() throws IOException {
        StringBuilder abRows = new StringBuilder("a,b,label\n");
        StringBuilder baRows = new StringBuilder("b,a,label\n");
        Random rng = new Random(1);
        for (int i = 0; i < 200; i++) {
            String a = Float.toString(rng.nextFloat() * 2 - 1);
            String b = Float.toString(rng.nextFloat() * 2 - 1);
            String label = Float.parseFloat(a) > Float.parseFloat(b) ? "pos" : "neg";
            abRows.append(a).append(',').append(b).append(',').append(label).append('\n');
            baRows.append(b).append(',').append(a).append(',').append(label).append('\n');
        }
        ab = dir.resolve("ab.csv");
        ba = dir.resolve("ba.csv");
        Files.writeString(ab, abRows);
        Files.writeString(ba, baRows);
        abModel = dir.resolve("ab.safetensors");
        CliRun r = CliRun.of("train", "--data", ab.toString(), "--epochs", "20", "--lr", "0.01", "--out",
                abModel.toString());
        assertEquals(0, r.exitCode(), r::toString);
        digitsModel = dir.resolve("digits.safetensors");
        r = CliRun.of("train", "--model", "64-16-10:relu,none", "--epochs", "1", "--out", digitsModel.toString());
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** Everything eval printed after its first line (which names the data file). */
    private static List<String> results(CliRun r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().lines().skip(1).toList();
    }

    @Test
    void evalPicksColumnsByTheModelsFeatureNames() throws IOException {
        List<String> onAb = results(CliRun.of("eval", "--model", abModel.toString(), "--data", ab.toString()));
        assertEquals(onAb, results(CliRun.of("eval", "--model", abModel.toString(), "--data", ba.toString())));
        Path withId = dir.resolve("id-ab.csv");
        List<String> lines = Files.readAllLines(ab);
        StringBuilder csv = new StringBuilder("id," + lines.get(0) + "\n");
        for (int i = 1; i < lines.size(); i++) {
            csv.append(i).append(',').append(lines.get(i)).append('\n');
        }
        Files.writeString(withId, csv);
        assertEquals(onAb, results(CliRun.of("eval", "--model", abModel.toString(), "--data", withId.toString())));
    }

    @Test
    void predictOnDataWithoutTheModelsFeaturesSaysSo() {
        CliRun r = CliRun.failsInOneLine("predict", "--model", digitsModel.toString(), "--data", ab.toString());
        assertTrue(r.err().contains(ab + " lacks 64 of the 64 feature columns " + digitsModel
                + " was trained on (pixel0, pixel1, pixel2, pixel3, pixel4, ...); its columns are a, b, label"),
                r::toString);
    }

    @Test
    void evalRefusesRegressionForAClassifier() {
        CliRun r = CliRun.failsInOneLine("eval", "--model", digitsModel.toString(), "--regression");
        assertEquals("lanes eval: --regression does not apply: " + digitsModel + " is a classifier (classes 0, 1, 2,"
                + " 3, 4, 5, 6, 7, 8, 9); leave the option out", r.err().strip(), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void evalOnAnIdxLabelFileNamesIt() throws IOException {
        Path labels = dir.resolve("some-labels-idx1-ubyte");
        Files.write(labels, java.nio.ByteBuffer.allocate(10).putInt(0x801).putInt(2).array());
        CliRun r = CliRun.failsInOneLine("eval", "--model", digitsModel.toString(), "--data", labels.toString());
        assertTrue(r.err().contains("an IDX label file, not CSV"), r::toString);
    }

    @Test
    void evalPrintsNothingBeforeFailingOnAnUnknownLabel() throws IOException {
        Path other = dir.resolve("other-labels.csv");
        Files.writeString(other, "a,b,label\n0.5,0.1,pos\n0.1,0.5,maybe\n");
        CliRun r = CliRun.failsInOneLine("eval", "--model", abModel.toString(), "--data", other.toString());
        assertTrue(r.err().contains("label 'maybe' is not one of the model's classes [neg, pos]"), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void evalPrintsTheSameNumbersInAnyLocale() {
        Locale saved = Locale.getDefault();
        CliRun r;
        try {
            Locale.setDefault(Locale.GERMANY);
            r = CliRun.of("eval", "--model", digitsModel.toString());
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals(0, r.exitCode(), r::toString);
        String accuracy = r.out().lines().filter(l -> l.startsWith("accuracy ")).findFirst().orElseThrow();
        assertTrue(accuracy.matches("accuracy \\d+\\.\\d\\d% \\(\\d+/1797\\)"), accuracy);
    }

    @Test
    void predictOutDashIsStandardOutput() {
        CliRun r = CliRun.of("predict", "--model", abModel.toString(), "--data", ab.toString(), "--out", "-");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(201, r.out().lines().count(), r::toString);
        assertTrue(r.out().startsWith("label,output_neg,output_pos\n"), r::toString);
        assertFalse(Files.exists(Path.of("-")), "a file named - was written");
    }

    @Test
    void predictRefusesToOverwriteItsInputs() throws IOException {
        byte[] data = Files.readAllBytes(ab);
        byte[] model = Files.readAllBytes(abModel);
        CliRun onData = CliRun.failsInOneLine("predict", "--model", abModel.toString(), "--data", ab.toString(),
                "--out", ab.toString());
        assertTrue(onData.err().contains("--out " + ab + " is also the --data file"), onData::toString);
        CliRun onModel = CliRun.failsInOneLine("predict", "--model", abModel.toString(), "--data", ab.toString(),
                "--out", abModel.toString());
        assertTrue(onModel.err().contains("is also the --model file"), onModel::toString);
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(ab)), "the data file changed");
        assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(abModel)), "the model file changed");
    }
}
