package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Batch;
import dev.lanes.data.DataLoader;
import dev.lanes.data.TensorDataset;
import dev.lanes.layers.Dropout;
import dev.lanes.layers.Linear;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Generator;
import dev.lanes.nn.GradClip;
import dev.lanes.nn.Init;
import dev.lanes.nn.Module;
import dev.lanes.optim.LRScheduler;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written Module (no spec) saves and loads its parameters, and resumes training bit for bit. */
class StateDictFileTest {

    /** Two Linear layers with ReLU and Dropout between them, as a user writes a Module subclass. */
    static final class TwoLayer extends Module {
        private final Linear first;
        private final Dropout dropout;
        private final Linear second;

        TwoLayer() {
            first = registerModule("first", new Linear(4, 8));
            dropout = registerModule("dropout", new Dropout(0.3f));
            second = registerModule("second", new Linear(8, 3));
        }

        @Override
        public Tensor forward(Tensor input) {
            return second.call(dropout.call(first.call(input).relu()));
        }
    }

    @TempDir
    Path dir;

    private static TwoLayer built(long seed) {
        Init.manualSeed(seed);
        return new TwoLayer();
    }

    private static void assertSameParameters(Module expected, Module actual) {
        assertEquals(expected.stateDict().keySet(), actual.stateDict().keySet());
        expected.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), actual.stateDict().get(name).toArray(), 0f, name));
    }

    @Test
    void parametersRoundTripUnderTheirStateDictNames() throws Exception {
        TwoLayer saved = built(1);
        Path file = dir.resolve("two.safetensors");
        StateDictFile.save(file, saved);
        assertEquals(Map.of(), SafeTensors.read(file).metadata());
        assertEquals(saved.stateDict().keySet(), SafeTensors.read(file).tensors().keySet());

        TwoLayer loaded = built(2);
        StateDictFile.load(file, loaded);
        assertSameParameters(saved, loaded);
    }

    @Test
    void resumingACheckpointGivesTheUninterruptedRun() throws Exception {
        TwoLayer straight = built(3);
        Adam straightOpt = new Adam(straight.parameters(), 0.01f);
        CheckpointApiTest.train(straight, straightOpt, 6, 11);
        CheckpointApiTest.train(straight, straightOpt, 6, 12);

        TwoLayer first = built(3);
        Adam firstOpt = new Adam(first.parameters(), 0.01f);
        CheckpointApiTest.train(first, firstOpt, 6, 11);
        Path file = dir.resolve("ckpt.safetensors");
        StateDictFile.save(file, first, firstOpt);

        TwoLayer resumed = built(4); // other weights and another default generator, as in a fresh JVM
        Adam resumedOpt = new Adam(resumed.parameters(), 0.01f);
        StateDictFile.resume(file, resumed, resumedOpt);
        CheckpointApiTest.train(resumed, resumedOpt, 6, 12);
        assertSameParameters(straight, resumed);
    }

    @Test
    void filesThatDoNotFitAreRefusedNamingTheFile() throws Exception {
        TwoLayer net = built(5);
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, Map.of("first.weight", Tensor.zeros(8, 4)), Map.of());
        ModelFileException e = assertThrows(ModelFileException.class, () -> StateDictFile.load(other, net));
        assertTrue(e.getMessage().startsWith(other + ": its tensors do not fit TwoLayer: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing parameters [first.bias, second.weight, second.bias]"),
                e.getMessage());

        Path nan = dir.resolve("nan.safetensors");
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(net.stateDict());
        float[] bad = state.get("second.bias").toArray();
        bad[1] = Float.NaN;
        state.put("second.bias", Tensor.of(bad, 3));
        SafeTensors.write(nan, state, Map.of());
        e = assertThrows(ModelFileException.class, () -> StateDictFile.load(nan, net));
        assertTrue(e.getMessage().contains("tensor 'second.bias' holds NaN"), e.getMessage());

        Path plain = dir.resolve("plain.safetensors");
        StateDictFile.save(plain, net);
        e = assertThrows(ModelFileException.class,
                () -> StateDictFile.resume(plain, net, new Adam(net.parameters(), 0.01f)));
        assertTrue(e.getMessage().startsWith(plain + ": not a training checkpoint"), e.getMessage());

        Path sgd = dir.resolve("sgd.safetensors");
        SGD momentum = new SGD(net.parameters(), 0.1f, 0.9f, 0f, 0f, false);
        CheckpointApiTest.train(net, momentum, 1, 1);
        StateDictFile.save(sgd, net, momentum);
        e = assertThrows(ModelFileException.class,
                () -> StateDictFile.resume(sgd, net, new Adam(net.parameters(), 0.01f)));
        assertTrue(e.getMessage().startsWith(sgd + ": its optimizer state does not fit adam: "), e.getMessage());
    }

    @Test
    void aDropoutWithAPlainRandomKeepsItOnResume() throws Exception {
        TwoLayer net = built(6);
        net.dropout.useGenerator(new Random(1)); // its state cannot be saved: the checkpoint lists no state for it
        Adam opt = new Adam(net.parameters(), 0.01f);
        CheckpointApiTest.train(net, opt, 2, 13);
        Path file = dir.resolve("random.safetensors");
        StateDictFile.save(file, net, opt);

        TwoLayer resumed = built(7);
        Random own = new Random(1);
        resumed.dropout.useGenerator(own);
        StateDictFile.resume(file, resumed, new Adam(resumed.parameters(), 0.01f));
        assertSame(own, resumed.dropout.generator(), "the caller's generator was replaced");
    }

    /** One epoch over {@code loader}, cross-entropy on class indices, the norm clipped; then the schedule's step. */
    private static void epoch(TwoLayer net, Optimizer opt, LRScheduler schedule, DataLoader loader) {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (Batch b : loader) {
            opt.zeroGrad();
            loss.call(net.call(b.features()), b.targets()).backward();
            GradClip.clipGradNorm(net.parameters(), 1f);
            opt.step();
        }
        schedule.step();
    }

    private static DataLoader loader(Generator shuffle) {
        Tensor x = Tensor.randn(21, 14, 4);
        Tensor y = Tensor.randint(0, 3, 22, 14);
        return new DataLoader(new TensorDataset(x, y), 4, true, false, shuffle);
    }

    /**
     * What a PyTorch user keeps in the checkpoint dict besides model and optimizer (the epoch, the loader's own
     * generator, the schedule's stateDict) goes into the file's metadata and comes back: the resumed run ends
     * with the uninterrupted run's weights.
     */
    @Test
    void entriesOfYourOwnResumeALoadersGeneratorAndTheSchedule() throws Exception {
        TwoLayer straight = built(8);
        Adam straightOpt = new Adam(straight.parameters(), 0.02f);
        LRScheduler straightSchedule = LRScheduler.step(straightOpt, 1, 0.5f);
        DataLoader straightLoader = loader(new Generator(9));
        for (int e = 0; e < 4; e++) {
            epoch(straight, straightOpt, straightSchedule, straightLoader);
        }

        TwoLayer first = built(8);
        Adam firstOpt = new Adam(first.parameters(), 0.02f);
        LRScheduler firstSchedule = LRScheduler.step(firstOpt, 1, 0.5f);
        Generator firstShuffle = new Generator(9);
        DataLoader firstLoader = loader(firstShuffle);
        Path file = dir.resolve("epochs.safetensors");
        for (int e = 0; e < 2; e++) {
            epoch(first, firstOpt, firstSchedule, firstLoader);
            Map<String, String> entries = new java.util.HashMap<>(firstSchedule.stateDict());
            entries.put("epoch", Integer.toString(e + 1));
            entries.put("loader.generator", firstShuffle.getState().encode());
            StateDictFile.save(file, first, firstOpt, entries);
        }

        TwoLayer resumed = built(10); // a fresh JVM: other weights, the loader's generator back at its seed
        Adam resumedOpt = new Adam(resumed.parameters(), 0.02f);
        Generator resumedShuffle = new Generator(9);
        DataLoader resumedLoader = loader(resumedShuffle);
        Map<String, String> saved = StateDictFile.resume(file, resumed, resumedOpt).metadata();
        int done = Integer.parseInt(saved.get("epoch"));
        resumedShuffle.setState(Generator.State.decode(saved.get("loader.generator")));
        // made after the optimizer's state came back (its lr already halved twice): the saved base lr decides
        LRScheduler resumedSchedule = LRScheduler.step(resumedOpt, 1, 0.5f);
        resumedSchedule.loadStateDict(saved);
        for (int e = done; e < 4; e++) {
            epoch(resumed, resumedOpt, resumedSchedule, resumedLoader);
        }
        assertEquals(2, done);
        assertSameParameters(straight, resumed);
    }

    @Test
    void entriesUnderTheFilesOwnPrefixAreRefusedBeforeWriting() {
        TwoLayer net = built(11);
        Path file = dir.resolve("refused.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDictFile.save(file, net,
                new Adam(net.parameters(), 0.01f), Map.of("lanes.rng.default", "mine")));
        assertTrue(e.getMessage().contains("metadata key 'lanes.rng.default' starts with lanes."), e.getMessage());
        assertFalse(Files.exists(file));
    }
}
