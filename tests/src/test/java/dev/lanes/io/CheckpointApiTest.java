package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Java training loop saves model and optimizer in one file and resumes bit for bit where it stopped. */
class CheckpointApiTest {

    private static final String SPEC = "4-8-3:tanh,none";

    @TempDir
    Path dir;

    private static void train(Sequential net, Optimizer opt, int steps, long seed) {
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
}
