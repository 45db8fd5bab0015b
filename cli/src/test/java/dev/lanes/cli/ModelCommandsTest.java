package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval, predict and info on a model trained once for the class, and on files PyTorch wrote. */
class ModelCommandsTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("digits.safetensors");
        CliRun r = CliRun.of("train", "--model", "64-32-10:relu,none", "--epochs", "3", "--standardize", "--out",
                model.toString());
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static Path copyFixture(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, SafeTensorsInteropTest.fixture(name));
        return p;
    }

    @Test
    void evalPrintsAccuracyPerClassTableAndConfusionMatrix() {
        CliRun r = CliRun.of("eval", "--model", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("accuracy "), r::toString);
        assertTrue(r.out().contains("precision  recall  support"), r::toString);
        assertTrue(r.out().contains("confusion matrix"), r::toString);
        // 10 class rows in the table and 10 in the matrix, each starting with the class label
        assertEquals(20, r.out().lines().filter(l -> l.matches("\\d\\s+.*")).count(), r::toString);
    }

    @Test
    void predictWritesOneRowPerInputWithTheClassFirst() throws IOException {
        Path out = dir.resolve("pred.csv");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--data",
                "src/main/resources/dev/lanes/cli/data/digits.csv",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 1797, lines.size());
        assertTrue(lines.get(0).startsWith("digit,output_0,output_1"), lines.get(0));
        String[] first = lines.get(1).split(",");
        assertEquals(11, first.length);
        assertTrue(first[0].matches("\\d"), lines.get(1));
    }

    @Test
    void predictReadsStandardInput() {
        String csv = "pixel0,pixel1,pixel2,pixel3,pixel4,pixel5,pixel6,pixel7," + "x,".repeat(0)
                + String.join(",", java.util.stream.IntStream.range(8, 64).mapToObj(i -> "pixel" + i).toList()) + "\n"
                + "0,".repeat(63) + "0\n" + "16,".repeat(63) + "16\n";
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", "-");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(3, r.out().lines().count(), r::toString);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void predictWithSpecMatchesPyTorchOutputs() throws IOException {
        Path torch = copyFixture("torch_mlp.safetensors");
        Path inputs = dir.resolve("inputs.csv");
        List<String> expected = new String(SafeTensorsInteropTest.fixture("torch_mlp_expected.csv"),
                StandardCharsets.UTF_8).lines().toList();
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3\n");
        for (String line : expected.subList(1, expected.size())) {
            String[] f = line.split(",");
            csv.append(String.join(",", f[0], f[1], f[2], f[3])).append('\n');
        }
        Files.writeString(inputs, csv);
        CliRun r = CliRun.of("predict", "--model", torch.toString(), "--spec", "4-8-3:relu,none", "--data",
                inputs.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> rows = r.out().lines().toList();
        assertEquals(expected.size(), rows.size(), r::toString);
        for (int i = 1; i < rows.size(); i++) {
            String[] want = expected.get(i).split(",");
            String[] got = rows.get(i).split(",");
            for (int j = 0; j < 3; j++) {
                assertEquals(Float.parseFloat(want[4 + j]), Float.parseFloat(got[1 + j]),
                        SafeTensorsInteropTest.PYTORCH_OUTPUT_TOLERANCE, "row " + i + " output " + j);
            }
        }
    }

    @Test
    void predictReadsIdxImages() throws IOException {
        Path images = dir.resolve("t-images-idx3-ubyte");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 2 * 64).putInt(0x803).putInt(2).putInt(8).putInt(8);
        Files.write(images, b.array());
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", images.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, r.out().lines().count(), r::toString);
    }

    @Test
    void infoShowsArchitectureParametersAndMetadata() {
        CliRun r = CliRun.of("info", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("parameters: 2,410"), r::toString); // 64*32+32 + 32*10+10
        assertTrue(r.out().contains("Linear(in_features=64, out_features=32, bias=True)"), r::toString);
        assertTrue(r.out().contains("lanes.standardize.mean"), r::toString);
    }

    // ------------------------------------------------------------------ bad model files


    @Test
    void badModelFilesAreOneLine() throws IOException {
        Path empty = dir.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        assertTrue(CliRun.failsInOneLine("eval", "--model", empty.toString()).err().contains("the file is empty"));
        assertTrue(CliRun.failsInOneLine("info",
                dir.resolve("missing.safetensors").toString()).err().contains("no such file"));
        Path text = dir.resolve("text.safetensors");
        Files.writeString(text, "{\"this is\": \"json, not safetensors\"}");
        assertTrue(CliRun.failsInOneLine("info", text.toString()).err().contains("not a valid safetensors file"));
        Path torch = copyFixture("torch_mlp.safetensors");
        assertTrue(CliRun.failsInOneLine("eval", "--model", torch.toString()).err().contains("--spec"));
        assertTrue(CliRun.failsInOneLine("info", torch.toString(), "--spec",
                "4-9-3:relu,none").err().contains("do not fit"));
    }

    @Test
    void dataThatDoesNotFitTheModelIsOneLine() {
        CliRun r = CliRun.failsInOneLine("eval", "--model", model.toString(), "--data",
                "src/test/resources/data/iris.csv",
                "--target", "species");
        assertTrue(r.err().contains("iris.csv lacks 64 of the 64 feature columns"), r::toString);
    }
}
