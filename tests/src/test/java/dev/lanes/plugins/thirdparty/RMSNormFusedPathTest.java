package dev.lanes.plugins.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.DenseStack;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RMSNorm plugin as a {@code FusableNorm}: the plan of {@code linear(4,8) rmsnorm(8) relu linear(8,3)} runs it
 * between the dense layer and its ReLU, {@link TrainStep} follows the autograd loop step by step, and the trained
 * model saved with {@link ModelFile} comes back and is served by {@link Predictor} with the module's answers.
 */
class RMSNormFusedPathTest {

    static final String SPEC = "linear(4,8) rmsnorm(8) relu linear(8,3)";

    @TempDir
    Path dir;

    @Test
    void thePlanRunsTheNormBetweenTheDenseLayerAndItsActivation() {
        Sequential net = ModelSpec.parse(SPEC, 1);
        List<DenseStack.Stage> stages = DenseStack.of(net).orElseThrow().stages();
        assertEquals(2, stages.size());
        assertInstanceOf(RMSNorm.class, stages.get(0).norm());
        assertTrue(DenseStack.forInference(net).isPresent(), "each row is normalised by itself: served fused too");
    }

    /** Both paths run the same row loops and kernel calls: equal to the bit, for MSE and for cross-entropy. */
    @Test
    void trainStepFollowsTheAutogradLoop() {
        for (String lossName : List.of("mse", "crossentropy")) {
            Sequential fused = ModelSpec.parse(SPEC, 5);
            Sequential autograd = ModelSpec.parse(SPEC, 5);
            Loss loss = Losses.create(lossName, Options.empty());
            Optimizer fusedAdam = Optimizers.create("adam", fused.parameters(), Options.of("lr", 0.05f));
            Optimizer autogradAdam = Optimizers.create("adam", autograd.parameters(), Options.of("lr", 0.05f));
            TrainStep step = TrainStep.of(fused, loss, fusedAdam).orElseThrow();
            Random rng = new Random(11);
            for (int i = 0; i < 5; i++) {
                Tensor x = Tensor.randn(rng, 7, 4);
                Tensor y = lossName.equals("mse") ? Tensor.randn(rng, 7, 3) : Tensor.randint(0, 3, rng, 7);
                float fusedLoss = step.step(x.toArray(), y.toArray(), 7);
                autogradAdam.zeroGrad();
                Tensor value = loss.forward(autograd.forward(x), y);
                value.backward();
                autogradAdam.step();
                assertEquals(value.item(), fusedLoss, 1e-6f * Math.abs(value.item()), lossName + " step " + i);
                for (Map.Entry<String, Tensor> p : autograd.namedParameters().entrySet()) {
                    assertArrayEquals(p.getValue().toArray(), fused.namedParameters().get(p.getKey()).toArray(),
                            lossName + " step " + i + " " + p.getKey());
                }
            }
        }
    }

    @Test
    void savedLoadedAndServedWithTheModulesAnswers() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 3);
        Optimizer sgd = Optimizers.create("sgd", net.parameters(), Options.of("lr", 0.1f));
        TrainStep step = TrainStep.of(net, Losses.create("mse", Options.empty()), sgd).orElseThrow();
        Random rng = new Random(4);
        for (int i = 0; i < 3; i++) {
            step.step(Tensor.randn(rng, 8, 4).toArray(), Tensor.randn(rng, 8, 3).toArray(), 8);
        }
        assertEquals(SPEC, ModelSpec.format(net), "the plugin writes itself back as spec text");
        Path file = dir.resolve("rms.safetensors");
        ModelFile.save(file, net, new ModelMetadata(ModelSpec.format(net), List.of(), List.of(), null, null, null));

        Predictor predictor = Predictor.load(file);
        Tensor rows = Tensor.randn(rng, 5, 4);
        Tensor expected;
        try (var scope = GradMode.noGrad()) {
            expected = net.eval().forward(rows);
        }
        assertArrayEquals(expected.toArray(), predictor.predictBatch(rows.toArray(), 5),
                "fused serving plan = module forward");
        assertArrayEquals(net.get(1).stateDict().get("weight").toArray(),
                ModelFile.load(file, null).model().get(1).stateDict().get("weight").toArray());
    }
}
