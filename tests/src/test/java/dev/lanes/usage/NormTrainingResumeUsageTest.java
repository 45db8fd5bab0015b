package dev.lanes.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.data.Batch;
import dev.lanes.data.DataLoader;
import dev.lanes.data.TensorDataset;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.io.StateDictFile;
import dev.lanes.layers.BatchNorm1d;
import dev.lanes.layers.LayerNorm;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.LRScheduler;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program, written from the README: Linear / LayerNorm / BatchNorm1d trained with a shuffling DataLoader and
 * a StepLR, checkpointed every epoch; a run "killed" after epoch 2 and resumed from its file with new objects ends on
 * the uninterrupted run's weights and buffers, bit for bit.
 */
class NormTrainingResumeUsageTest {

    private static final int EPOCHS = 5;
    private static final int KILLED_AFTER = 2;

    @TempDir
    Path dir;

    /** Everything a run owns; built fresh, as a restarted process would. */
    private static final class Run {
        final Sequential model;
        final Optimizer optimizer;
        final LRScheduler schedule;
        final Loss lossFn = new CrossEntropyLoss();
        final DataLoader loader = new DataLoader(data(), 16, true);

        Run() {
            this(Sequential.of(new Linear(6, 16), new LayerNorm(16), new ReLU(),
                    new Linear(16, 16), new BatchNorm1d(16), new ReLU(), new Linear(16, 3)));
        }

        Run(Sequential model) {
            this.model = model;
            optimizer = new Adam(model.parameters(), 0.01f);
            schedule = LRScheduler.step(optimizer, 2, 0.5f);
        }

        void epoch() {
            model.train();
            for (Batch b : loader) {
                Tensor loss = lossFn.call(model.call(b.features()), b.targets());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            schedule.step();
        }
    }

    private static TensorDataset data() {
        Tensor x = Tensor.randn(new Generator(7), 100, 6); // its own generator: the default one draws the shuffles
        float[] y = new float[100];
        float[] xs = x.toArray();
        for (int i = 0; i < 100; i++) {
            y[i] = xs[i * 6] + xs[i * 6 + 1] > 0 ? (xs[i * 6 + 2] > 0 ? 2 : 1) : 0;
        }
        return new TensorDataset(x, Tensor.of(y, 100));
    }

    /** What a run does at the end of each epoch; the process dies after epoch {@link #KILLED_AFTER}. */
    private interface Checkpointer {
        void save(Run run, int epochsDone) throws IOException;
    }

    private static void trainUntilKilled(Checkpointer checkpointer) throws IOException {
        Init.manualSeed(42);
        Run run = new Run();
        for (int e = 1; e <= KILLED_AFTER; e++) {
            run.epoch();
            checkpointer.save(run, e);
        }
    }

    private static Map<String, Tensor> uninterrupted() {
        Init.manualSeed(42);
        Run run = new Run();
        for (int e = 0; e < EPOCHS; e++) {
            run.epoch();
        }
        return run.model.stateDict();
    }

    @Test
    void stateDictFileCheckpointResumesToTheSameWeights() throws Exception {
        Map<String, Tensor> expected = uninterrupted();
        Path ckpt = dir.resolve("run.ckpt.safetensors");

        trainUntilKilled((run, epoch) -> {
            Map<String, String> meta = new HashMap<>(run.schedule.stateDict());
            meta.put("epoch", Integer.toString(epoch));
            StateDictFile.save(ckpt, run.model, run.optimizer, meta);
        });

        Init.manualSeed(999); // the new process starts elsewhere; resume must put everything back
        Run second = new Run();
        SafeTensors.Contents contents = StateDictFile.resume(ckpt, second.model, second.optimizer);
        second.schedule.loadStateDict(contents.metadata());
        int done = Integer.parseInt(contents.metadata().get("epoch"));
        assertEquals(KILLED_AFTER, done);
        for (int e = done; e < EPOCHS; e++) {
            second.epoch();
        }
        assertSameState(expected, second.model.stateDict());
    }

    @Test
    void modelFileCheckpointResumesToTheSameWeights() throws Exception {
        Map<String, Tensor> expected = uninterrupted();
        Path ckpt = dir.resolve("run.ckpt.safetensors");

        trainUntilKilled((run, epoch) -> {
            Map<String, String> extra = new HashMap<>(ModelFile.randomState(run.model));
            extra.putAll(run.schedule.stateDict());
            ModelMetadata meta = new ModelMetadata(ModelSpec.format(run.model), List.of("a", "b", "c"), List.of(),
                    null, null, null);
            ModelFile.save(ckpt, run.model, meta, ModelFile.optimizerTensors(run.optimizer), extra);
        });

        Init.manualSeed(999);
        ModelFile.Loaded loaded = ModelFile.load(ckpt, null);
        loaded.model().train(); // load returns the model in eval mode
        Run second = new Run(loaded.model());
        second.optimizer.loadStateDict(ModelFile.optimizerState(loaded));
        second.schedule.loadStateDict(loaded.contents().metadata());
        ModelFile.restoreRandomState(loaded);
        for (int e = KILLED_AFTER; e < EPOCHS; e++) {
            second.epoch();
        }
        assertSameState(expected, second.model.stateDict());
    }

    private static void assertSameState(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> assertArrayEquals(t.toArray(), actual.get(name).toArray(), 0f, name));
    }
}
