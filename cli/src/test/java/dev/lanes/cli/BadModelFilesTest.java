package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelMetadata;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files that are well-formed safetensors but say something impossible (a good model written by
 * {@code ModelFile.save}, then one header field or tensor altered): every command fails at load with one line that
 * names the file and the field or tensor, instead of predicting NaN (class 0) or dying of a stack trace.
 */
class BadModelFilesTest {

    static final String DIGITS = "src/main/resources/dev/lanes/cli/data/digits.csv";

    @TempDir
    static Path dir;
    static AlteredModels models;
    static Path good;

    @BeforeAll
    static void saveAGoodModel() throws IOException {
        models = AlteredModels.in(dir);
        good = models.good();
    }

    private static Path altered(String name, Consumer<Map<String, String>> metadata,
            Consumer<Map<String, Tensor>> tensors) throws IOException {
        return models.altered(name, metadata, tensors);
    }

    private static Path withMetadata(String name, String key, String value) throws IOException {
        return models.withMetadata(name, key, value);
    }

    /** Runs predict, eval and info on {@code file}; each fails in one line naming the file and {@code problem}. */
    static void everyCommandSays(Path file, String problem) {
        predictAndEvalSay(file, problem);
        CliRun r = CliRun.failsInOneLine("info", file.toString());
        assertTrue(r.err().contains(file + ": ") && r.err().contains(problem), r::toString);
    }

    /** {@link #everyCommandSays} less info, which shows a file that needs a spec without one. */
    static void predictAndEvalSay(Path file, String problem) {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"predict", "--model", file.toString(), "--data", DIGITS});
        commands.add(new String[] {"eval", "--model", file.toString()});
        for (String[] args : commands) {
            CliRun r = CliRun.failsInOneLine(args);
            assertTrue(r.err().contains(file + ": ") && r.err().contains(problem), r::toString);
        }
    }

    @Test
    void theGoodModelPredicts() {
        assertEquals(0, CliRun.of("predict", "--model", good.toString(), "--data", DIGITS).exitCode());
    }

    @Test
    void aZeroStandardDeviationIsRejected() throws IOException {
        String std = "[" + "4.0,".repeat(10) + "0.0" + ",4.0".repeat(53) + "]";
        everyCommandSays(withMetadata("std0.safetensors", ModelMetadata.STD, std),
                "metadata lanes.standardize.std value 10 is 0.0");
    }

    @Test
    void aMeanBeyondFloatRangeIsRejected() throws IOException {
        String mean = "[1e39" + ",0.0".repeat(63) + "]";
        everyCommandSays(withMetadata("mean.safetensors", ModelMetadata.MEAN, mean),
                "metadata lanes.standardize.mean value 0 is 1E+39, not a finite float");
    }

    @Test
    void aNanWeightIsRejected() throws IOException {
        Path file = altered("nan.safetensors", m -> { }, t -> {
            float[] w = t.get("2.weight").toArray();
            w[3 * 32 + 5] = Float.NaN;
            t.put("2.weight", Tensor.of(w, 10, 32));
        });
        everyCommandSays(file, "tensor '2.weight' holds NaN at [3, 5]");
    }

    @Test
    void featureNamesOfAnotherWidthThanTheFirstLayerAreRejected() throws IOException {
        Path file = altered("features.safetensors", m -> {
            m.remove(ModelMetadata.MEAN);
            m.remove(ModelMetadata.STD);
            m.put(ModelMetadata.FEATURES, "[\"a\",\"b\",\"c\"]");
        }, t -> { });
        everyCommandSays(file, "metadata lanes.features names 3 features but the model's first layer takes 64");
        everyCommandSays(withMetadata("features-std.safetensors", ModelMetadata.FEATURES, "[\"a\",\"b\"]"),
                "metadata lanes.features names 2 features but lanes.standardize.mean and lanes.standardize.std hold"
                        + " 64 values");
    }

    @Test
    void aStandardizationOfAnotherWidthThanTheFirstLayerSaysSo() throws IOException {
        Path file = altered("narrow.safetensors", m -> {
            m.remove(ModelMetadata.FEATURES);
            m.put(ModelMetadata.MEAN, "[0.0,0.0]");
            m.put(ModelMetadata.STD, "[1.0,1.0]");
        }, t -> { });
        everyCommandSays(file, "metadata lanes.standardize.mean and lanes.standardize.std hold 2 values but the"
                + " model's first layer takes 64 inputs");
    }

    @Test
    void aBadSpecInTheFileNamesTheFile() throws IOException {
        everyCommandSays(withMetadata("spec.safetensors", ModelMetadata.SPEC, "nosuchlayer(3)"),
                "its lanes.spec is not valid: bad model spec at column 1: unknown layer 'nosuchlayer'");
    }

    /** A layer no jar provides: the command line says where its launcher takes plugin jars from. */
    @Test
    void anUnknownLayerSaysWherePluginJarsGo() {
        CliRun r = CliRun.failsInOneLine("train", "--model", "linear(64,8) rmsnorm(8) linear(8,10)", "--epochs", "1");
        assertTrue(r.err().contains("unknown layer 'rmsnorm'"), r::toString);
        assertTrue(r.err().contains("may be missing from the class path (lanes-layers holds the built-ins). Plugin"
                + " jars go on LANES_CLASSPATH (':'-separated) for ./lanes."), r::toString);
    }

    @Test
    void aSpecTheTensorsDoNotFitSuggestsOneTheyDo() throws IOException {
        everyCommandSays(withMetadata("wide.safetensors", ModelMetadata.SPEC, "64-33-10:relu,none"),
                "; they fit '64-32-10:relu,none'");
    }

    @Test
    void aFileWithoutSpecGetsOneSuggestedFromItsTensors() throws IOException {
        predictAndEvalSay(withMetadata("nospec.safetensors", ModelMetadata.SPEC, null),
                "give it with --spec (in Java: the spec argument of Predictor.load or ModelFile.load), e.g. --spec"
                        + " '64-32-10:relu,none'");
        Path notAStack = altered("notastack.safetensors", m -> m.remove(ModelMetadata.SPEC),
                t -> t.put("0.bias", Tensor.zeros(31)));
        predictAndEvalSay(notAStack, "e.g. --spec '784-128-10:relu,none' (the layer widths, then one activation");
    }

    @Test
    void aDirectoryGivenAsTheModelIsNamed() {
        String expected = dir + ": is a directory, not a model file";
        assertTrue(CliRun.failsInOneLine("predict", "--model", dir.toString(), "--data", DIGITS).err()
                .contains(expected));
        assertTrue(CliRun.failsInOneLine("info", dir.toString()).err().contains(expected));
    }

    @Test
    void anOutputInAMissingDirectoryNamesTheDirectory() {
        Path out = dir.resolve("nodir").resolve("preds.csv");
        CliRun r = CliRun.failsInOneLine("predict", "--model", good.toString(), "--data", DIGITS, "--out",
                out.toString());
        assertTrue(r.err().contains(dir.resolve("nodir").toString()) && r.err().contains("does not exist"),
                r::toString);
        assertTrue(Files.notExists(out.getParent()));
    }
}
