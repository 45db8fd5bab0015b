package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.Dataset;
import dev.lanes.cli.train.OptimizerOption;
import dev.lanes.cli.train.Trainer;
import dev.lanes.cli.train.Unfused;
import dev.lanes.io.ModelFile;
import dev.lanes.io.SafeTensors;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Hyperparameters;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code train --optimizer SPEC} with {@code --lr}: the canonical spec with the effective learning rate, its errors,
 * the checkpoint (new and older forms) and the result.
 */
class TrainOptimizerOptionsTest {

    private static final String NET = "64-16-10:relu,none";
    private static final Pattern EPOCH_1 = Pattern.compile("epoch 1/\\d+ +train loss (\\d+\\.\\d{4}) +test loss"
            + " (\\d+\\.\\d{4})");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "adam|-|adam(lr=0.001)",
        "Adam|0.01|adam(lr=0.01)",
        " SGD( nesterov = True , momentum=0.90 ) |0.05|sgd(lr=0.05,momentum=0.9,nesterov=true)",
        "adam(betas=(0.9, 0.990),eps=1e-08,amsgrad=FALSE)|-|adam(lr=0.001,betas=[0.9,0.99],eps=0.00000001,"
                + "amsgrad=false)",
        "sgd(lr=1e-2)|0.01|sgd(lr=0.01)",
        "sgd(0.1, 0.9)|-|sgd(lr=0.1,momentum=0.9)",
        "adamw(weight_decay=0)|0.0001|adamw(lr=0.0001,weight_decay=0)",
        "rmsprop(centered=yes)|-|rmsprop(lr=0.01,centered=yes)",
    })
    void theSpecIsCanonicalWithTheEffectiveLearningRate(String text, Float lr, String canonical) {
        assertEquals(canonical, OptimizerOption.of(text, lr).toString());
        assertEquals(canonical, OptimizerOption.of(canonical, null).toString());
        assertEquals(canonical, OptimizerOption.of(canonical, OptimizerOption.of(canonical, null).lr()).toString());
    }

    @Test
    void theOptionsReachTheOptimizer() {
        List<Tensor> params = List.of(Tensor.zeros(3).requiresGrad(true));
        Hyperparameters sgd = OptimizerOption.of("sgd(momentum=0.9,nesterov=true,weight_decay=1e-4)", 0.05f)
                .create(params).defaults();
        assertEquals(0.05f, sgd.getFloat("lr"));
        assertEquals(0.9f, sgd.getFloat("momentum"));
        assertEquals(1e-4f, sgd.getFloat("weight_decay"));
        assertTrue(sgd.getBoolean("nesterov"));
        Hyperparameters adam = OptimizerOption.of("adam(betas=[0.8,0.99],eps=1e-6,amsgrad=true)", null)
                .create(params).defaults();
        assertArrayEquals(new float[] {0.8f, 0.99f}, adam.getFloats("betas"));
        assertEquals(1e-6f, adam.getFloat("eps"));
        assertTrue(adam.getBoolean("amsgrad"));
        assertEquals(1e-3f, adam.getFloat("lr"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "sgd(foo=1)|-|--optimizer: bad optimizer spec at column 5: sgd has no option 'foo'; its options: [lr,"
                + " momentum, dampening, weight_decay, nesterov]",
        "nadam|-|--optimizer: bad optimizer spec at column 1: unknown optimizer 'nadam'",
        "sgd(momentum=0.9|-|--optimizer: bad optimizer spec at column 4: '(' is never closed",
        "sgd momentum=0.9|-|--optimizer: bad optimizer spec at column 5: one optimizer expected",
        "sgd(momentum=x)|-|--optimizer: sgd: option 'momentum' must be a number, got 'x'",
        "sgd(momentum=-0.5)|-|--optimizer: sgd: invalid momentum=-0.5: must be a finite number >= 0",
        "sgd(nesterov=true)|-|--optimizer: sgd: nesterov=true requires momentum > 0 and dampening = 0",
        "sgd(nesterov=maybe)|-|--optimizer: sgd: option 'nesterov' must be true or false, got 'maybe'",
        "adam(betas=[0.9,1.5])|-|--optimizer: adam: invalid betas=(0.9, 1.5): betas[1] must be a number in [0, 1)",
        "adam(betas=[0.9])|-|--optimizer: adam: invalid betas=(0.9): must be a pair of numbers",
        "adam(eps=-1)|-|--optimizer: adam: invalid eps=-1.0: must be a finite number >= 0",
        "sgd(lr=-0.1)|-|--optimizer: sgd: invalid lr=-0.1: must be a finite number >= 0",
        "sgd(lr=0)|-|--optimizer sgd(lr=0): lr must be a positive number, got 0.0",
        "sgd(lr=0.1)|0.01|--lr 0.01 and --optimizer sgd(lr=0.1) ask for different learning rates; give the"
                + " learning rate once",
        "sgd|-1|--lr must be a positive number, got -1.0",
    })
    void eachBadOptimizerIsOneLineNamingTheOptionBeforeTraining(String optimizer, String lr, String message) {
        CliRun r = lr == null
                ? CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--optimizer", optimizer)
                : CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--optimizer", optimizer, "--lr", lr);
        assertTrue(r.err().contains(message), r::toString);
        assertFalse(r.out().contains("training "), r::toString);
    }

    /** An lr= equal to --lr is one learning rate, however written. */
    @Test
    void lrInTheSpecAndAnEqualLrAgree() {
        CliRun r = CliRun.of("train", "--model", NET, "--epochs", "1", "--optimizer", "sgd(lr=1e-2)", "--lr", "0.010");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("optimizer sgd(lr=0.01), batch size"), r::toString);
    }

    /**
     * Momentum changes the first epoch, and the CLI's epoch (spec-built SGD, the fused step) is the library's: the
     * same model, data split and shuffle trained by {@link Trainer} through autograd with {@code new SGD(...)}.
     */
    @Test
    void momentumTrainsAsTheLibrarysSgdWithMomentum() throws IOException {
        Path model = dir.resolve("m.safetensors");
        CliRun momentum = CliRun.of("train", "--model", NET, "--epochs", "1", "--optimizer", "sgd(momentum=0.9)",
                "--lr", "0.01", "--out", model.toString());
        assertEquals(0, momentum.exitCode(), momentum::toString);
        assertTrue(momentum.out().contains("optimizer sgd(lr=0.01,momentum=0.9), batch size 32"), momentum::toString);
        CliRun plain = CliRun.of("train", "--model", NET, "--epochs", "1", "--optimizer", "sgd", "--lr", "0.01");
        assertNotEquals(epoch1(plain), epoch1(momentum), plain + "\n" + momentum);

        Dataset[] split = DataFiles.load(null, null, null, false).split(0.2, 0);
        Sequential reference = ModelSpec.parse(NET, 0);
        Trainer trainer = new Trainer(new Unfused(reference), new CrossEntropyLoss(), "crossentropy",
                new SGD(reference.parameters(), 0.01f, 0.9f, 0f, 0f, false), split[0], split[1]);
        assertFalse(trainer.fused(), "the reference takes the autograd loop");
        Trainer.EpochResult epoch = trainer.epoch(1, 32, 0, Unfused.QUIET);
        assertEquals(String.format(Locale.ROOT, "%.4f %.4f", epoch.trainLoss(), epoch.testLoss()), epoch1(momentum),
                momentum::toString);
        List<Tensor> trained = ModelFile.load(model, null).model().parameters();
        List<Tensor> expected = reference.parameters();
        assertEquals(expected.size(), trained.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).toArray(), trained.get(i).toArray(), 1e-5f, "parameter " + i);
        }
    }

    private static String epoch1(CliRun r) {
        Matcher m = EPOCH_1.matcher(r.out());
        assertTrue(m.find(), r::toString);
        return m.group(1) + " " + m.group(2);
    }

    @Test
    void theCheckpointRecordsTheSpecAndResumeComparesIt() throws IOException {
        Path checkpoint = checkpoint("--optimizer", "sgd(momentum=0.9,nesterov=true)", "--lr", "0.01");
        assertEquals("sgd(lr=0.01,momentum=0.9,nesterov=true)", metadata(checkpoint).get("lanes.train.optimizer"));
        assertFalse(metadata(checkpoint).containsKey("lanes.train.lr"));

        // the same optimizer written differently: case, spaces, order, 0.90, True; lr left out, given, or as lr=
        for (String[] same : List.of(new String[] {"--optimizer", " SGD( nesterov=True, momentum = 0.90 )"},
                new String[] {"--optimizer", "sgd(nesterov=true,momentum=0.9)", "--lr", "1e-2"},
                new String[] {"--optimizer", "sgd(lr=0.010,momentum=0.9,nesterov=true)"},
                new String[] {"--lr", "0.01"}, new String[] {})) {
            CliRun r = resume(checkpoint, same);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("optimizer sgd(lr=0.01,momentum=0.9,nesterov=true), batch size 32, epochs 2,"
                    + " resuming after epoch 1"), r::toString);
        }

        CliRun other = CliRun.failsInOneLine(resumeArgs(checkpoint, "--optimizer", "sgd(momentum=0.8,nesterov=true)"));
        assertTrue(other.err().contains("--optimizer sgd(lr=0.01,momentum=0.8,nesterov=true) differs from the"
                + " checkpoint " + checkpoint + ", which was trained with --optimizer"
                + " sgd(lr=0.01,momentum=0.9,nesterov=true) (momentum differs)"), other::toString);
        CliRun plain = CliRun.failsInOneLine(resumeArgs(checkpoint, "--optimizer", "sgd"));
        assertTrue(plain.err().contains("(momentum, nesterov differ)"), plain::toString);
        CliRun name = CliRun.failsInOneLine(resumeArgs(checkpoint, "--optimizer", "adam"));
        assertTrue(name.err().contains("which was trained with --optimizer sgd(lr=0.01,momentum=0.9,nesterov=true);"),
                name::toString);
        CliRun lrInSpec = CliRun.failsInOneLine(resumeArgs(checkpoint, "--optimizer",
                "sgd(lr=0.1,momentum=0.9,nesterov=true)"));
        assertTrue(lrInSpec.err().contains("(lr differs)"), lrInSpec::toString);
        CliRun lr = CliRun.failsInOneLine(resumeArgs(checkpoint, "--lr", "0.1"));
        assertTrue(lr.err().contains("--lr 0.1 differs from the checkpoint " + checkpoint + ", which was trained with"
                + " --lr 0.01;"), lr::toString);
    }

    /**
     * A checkpoint as the code before optimizer specs wrote it (the name as typed, the learning rate under
     * {@code lanes.train.lr} unless the default) resumes as that optimizer with that learning rate, and gives the
     * uninterrupted run's weights.
     */
    @Test
    void anOlderCheckpointWithANameAndAnLrResumes() throws IOException {
        Path straight = dir.resolve("straight.safetensors");
        assertEquals(0, CliRun.of("train", "--model", NET, "--epochs", "2", "--optimizer", "sgd", "--lr", "0.05",
                "--out", straight.toString()).exitCode());

        Path checkpoint = checkpoint("--optimizer", "sgd", "--lr", "0.05");
        Map<String, String> old = metadata(checkpoint);
        old.put("lanes.train.optimizer", "SGD");
        old.put("lanes.train.lr", "0.05");
        writeMetadata(checkpoint, old);
        Path resumed = dir.resolve("resumed.safetensors");
        CliRun r = resume(checkpoint, "--optimizer", "sgd", "--lr", "0.05", "--out", resumed.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("optimizer sgd(lr=0.05), batch size 32, epochs 2, resuming after epoch 1"),
                r::toString);
        SafeTensors.Contents a = SafeTensors.read(straight);
        SafeTensors.Contents b = SafeTensors.read(resumed);
        a.tensors().forEach((key, t) -> assertArrayEquals(t.toArray(), b.tensor(key).toArray(), key));

        CliRun momentum = CliRun.failsInOneLine(resumeArgs(checkpoint, "--optimizer", "sgd(momentum=0.9)"));
        assertTrue(momentum.err().contains("which was trained with --optimizer sgd(lr=0.05) (momentum differs)"),
                momentum::toString);
    }

    /** An older checkpoint of the default optimizer recorded neither spec nor lr: adam's default rate. */
    @Test
    void anOlderCheckpointWithoutAnLrHasTheOptimizersDefault() throws IOException {
        Path checkpoint = checkpoint();
        Map<String, String> old = metadata(checkpoint);
        old.put("lanes.train.optimizer", "adam");
        writeMetadata(checkpoint, old);
        CliRun r = resume(checkpoint, "--lr", "0.001", "--optimizer", "Adam");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("optimizer adam(lr=0.001), batch size"), r::toString);
        CliRun lr = CliRun.failsInOneLine(resumeArgs(checkpoint, "--lr", "0.01"));
        assertTrue(lr.err().contains("which was trained with --lr 0.001 (adam's default);"), lr::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "sgd(momentum=-1)|-|lanes.train.optimizer: sgd: invalid momentum=-1.0: must be a finite number >= 0",
        "sgd(lr=0.1)|0.01|lanes.train.lr 0.01 and lanes.train.optimizer sgd(lr=0.1) ask for different learning rates",
        "sgd|-0.5|lanes.train.lr must be a positive number, got -0.5",
        "sgd|fast|lanes.train.lr 'fast' is not a number of the right kind",
    })
    void badRecordedOptimizersBlameTheFile(String optimizer, String lr, String message) throws IOException {
        Path checkpoint = checkpoint();
        Map<String, String> bad = metadata(checkpoint);
        bad.put("lanes.train.optimizer", optimizer);
        if (lr != null) {
            bad.put("lanes.train.lr", lr);
        }
        writeMetadata(checkpoint, bad);
        CliRun r = CliRun.failsInOneLine(resumeArgs(checkpoint));
        assertTrue(r.err().contains(checkpoint + ": bad checkpoint file: " + message), r::toString);
    }

    private Path checkpoint(String... options) {
        Path checkpoint = dir.resolve("ckpt.safetensors");
        CliRun r = CliRun.of(concat(new String[] {"train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1",
            "--checkpoint", checkpoint.toString()}, options));
        assertEquals(0, r.exitCode(), r::toString);
        return checkpoint;
    }

    private static CliRun resume(Path checkpoint, String... options) {
        return CliRun.of(resumeArgs(checkpoint, options));
    }

    private static String[] resumeArgs(Path checkpoint, String... options) {
        return concat(new String[] {"train", "--resume", checkpoint.toString(), "--epochs", "2"}, options);
    }

    private static Map<String, String> metadata(Path file) throws IOException {
        return new LinkedHashMap<>(SafeTensors.read(file).metadata());
    }

    private static void writeMetadata(Path file, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, SafeTensors.read(file).tensors(), metadata);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
