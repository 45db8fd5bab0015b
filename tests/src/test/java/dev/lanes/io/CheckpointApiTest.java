package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Java training loop saves model and optimizer in one file and resumes bit for bit where it stopped. */
class CheckpointApiTest {

    private static final String SPEC = "4-8-3:tanh,none";

    @TempDir
    Path dir;

    /** {@code steps} MSE steps on batches drawn from {@code seed} (shared with {@link StateDictFileTest}). */
    static void train(Module net, Optimizer opt, int steps, long seed) {
        Random rng = new Random(seed);
        Loss mse = new MSELoss();
        for (int i = 0; i < steps; i++) {
            Tensor x = Tensor.randn(rng, 5, 4);
            Tensor y = Tensor.randn(rng, 5, 3);
            opt.zeroGrad();
            mse.call(net.call(x), y).backward();
            opt.step();
        }
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRunsWeights() throws Exception {
        Sequential straight = ModelSpec.parse(SPEC, 3);
        Adam straightOpt = new Adam(straight.parameters(), 0.01f);
        train(straight, straightOpt, 6, 11);
        train(straight, straightOpt, 6, 12);

        Sequential first = ModelSpec.parse(SPEC, 3);
        Adam firstOpt = new Adam(first.parameters(), 0.01f);
        train(first, firstOpt, 6, 11);
        Path file = dir.resolve("ckpt.safetensors");
        ModelFile.save(file, first, new ModelMetadata(SPEC, List.of(), List.of(), null, null, null), firstOpt);

        ModelFile.Loaded loaded = ModelFile.load(file, null);
        Sequential resumed = loaded.model();
        resumed.train();
        Adam resumedOpt = new Adam(resumed.parameters(), 0.01f);
        resumedOpt.loadStateDict(ModelFile.optimizerState(loaded));
        train(resumed, resumedOpt, 6, 12);

        straight.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), resumed.stateDict().get(name).toArray(), 0f, name));
        assertTrue(ModelFile.optimizerState(loaded).containsKey("state.0.exp_avg"));
        assertEquals(3, Predictor.load(file).outputWidth()); // still a model file
    }

    /**
     * With Dropout, the masks after the stop must be those the uninterrupted run drew: from the default generator
     * ({@code dropout(0.5)}) and from a layer's own ({@code dropout(p=0.3,seed=5)}). The resumed half starts from a
     * disturbed default generator, as a fresh JVM would.
     */
    @Test
    void resumingWithDropoutDrawsTheUninterruptedRunsMasks() throws Exception {
        String spec = "linear(4,16) relu dropout(0.5) linear(16,8) tanh dropout(p=0.3,seed=5) linear(8,3)";
        Sequential straight = builtWithDropout(spec);
        Adam straightOpt = adamOf(straight);
        train(straight, straightOpt, 6, 11);
        train(straight, straightOpt, 6, 12);

        Sequential first = builtWithDropout(spec);
        Adam firstOpt = adamOf(first);
        train(first, firstOpt, 6, 11);
        Path file = dir.resolve("dropout.safetensors");
        ModelFile.save(file, first, new ModelMetadata(spec, List.of(), List.of(), null, null, null), firstOpt);

        float[] unrestored = resumeAndTrain(file, false);
        float[] restored = resumeAndTrain(file, true);
        float[] expected = straight.stateDict().get("6.weight").toArray();
        assertArrayEquals(expected, restored, 0f);
        assertFalse(Arrays.equals(expected, unrestored), "the masks matter here, or this test proves nothing");
    }

    /** A network built under a fixed default seed, so two builds start from the same weights and draws. */
    private static Sequential builtWithDropout(String spec) {
        Init.manualSeed(2024);
        Sequential net = ModelSpec.parse(spec);
        net.train();
        return net;
    }

    private static Adam adamOf(Sequential net) {
        return new Adam(net.parameters(), 0.01f);
    }

    /** Loads the checkpoint in a state like a fresh JVM's, restores (or not) its random state, trains on. */
    private float[] resumeAndTrain(Path file, boolean restore) throws Exception {
        Init.manualSeed(99);
        ModelFile.Loaded loaded = ModelFile.load(file, null);
        Sequential resumed = loaded.model();
        resumed.train();
        Adam opt = adamOf(resumed);
        opt.loadStateDict(ModelFile.optimizerState(loaded));
        if (restore) {
            assertTrue(ModelFile.restoreRandomState(loaded));
        }
        train(resumed, opt, 6, 12);
        return resumed.stateDict().get("6.weight").toArray();
    }

    @Test
    void aBrokenRandomStateIsBlamedOnTheFileAndChangesNothing() throws Exception {
        String spec = "linear(4,3) dropout(0.2)";
        Sequential net = ModelSpec.parse(spec);
        ModelMetadata meta = new ModelMetadata(spec, List.of(), List.of(), null, null, null);
        Path unknownModule = dir.resolve("unknown.safetensors");
        ModelFile.save(unknownModule, net, meta, Map.of(), Map.of("lanes.rng.default", "lcg48:0123456789ab",
                "lanes.rng.module.0", "lcg48:0123456789ab"));
        Path malformed = dir.resolve("malformed.safetensors");
        ModelFile.save(malformed, net, meta, Map.of(), Map.of("lanes.rng.default", "lcg48:12"));

        Init.manualSeed(5);
        Generator.State before = Init.defaultGenerator().getState();
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.restoreRandomState(ModelFile.load(unknownModule, null)));
        assertTrue(e.getMessage().startsWith(unknownModule + ": lanes.rng.module.0 holds a generator state for module"
                + " '0', which the model has, but it draws no random numbers"), e.getMessage());
        e = assertThrows(ModelFileException.class,
                () -> ModelFile.restoreRandomState(ModelFile.load(malformed, null)));
        assertTrue(e.getMessage().contains(malformed + ": lanes.rng.default: 'lcg48:12' is not a generator state"),
                e.getMessage());
        assertEquals(before, Init.defaultGenerator().getState());

        Path plain = dir.resolve("plain.safetensors");
        ModelFile.save(plain, net, meta);
        assertFalse(ModelFile.restoreRandomState(ModelFile.load(plain, null)));
        assertEquals(before, Init.defaultGenerator().getState());
    }
}
