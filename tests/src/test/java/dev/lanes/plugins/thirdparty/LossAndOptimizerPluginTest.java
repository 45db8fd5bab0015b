package dev.lanes.plugins.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A loss plugin ({@code huber}) and an optimizer plugin ({@code signsgd}) are found by name with their options; the
 * loss is not fusable, so {@link TrainStep} declines it (the autograd loop runs), while the optimizer plugin trains
 * through the fused step, since that calls the optimizer's own {@code step()}.
 */
class LossAndOptimizerPluginTest {

    @Test
    void huberValuesAreTorchsFormula() {
        Loss huber = Losses.create("huber", Options.of("delta", 0.5f, "reduction", "sum"));
        assertInstanceOf(HuberLoss.class, huber);
        Tensor input = Tensor.of(new float[] {0.2f, 2f, -1f}, 3);
        Tensor target = Tensor.zeros(3);
        // |d| < 0.5: ½d² = 0.02; else 0.5·(|d| − 0.25): 0.875 and 0.375
        assertEquals(0.02f + 0.875f + 0.375f, huber.forward(input, target).item(), 1e-6f);
    }

    @Test
    void signSgdMovesEachParameterByLr() {
        Tensor p = Tensor.of(new float[] {1f, 1f, 1f}, 3).requiresGrad(true);
        Optimizer opt = Optimizers.create("signsgd", java.util.List.of(p), Options.of("lr", 0.25f));
        p.mul(Tensor.of(new float[] {3f, -0.001f, 0f}, 3)).sum().backward();
        opt.step();
        assertArrayEquals(new float[] {0.75f, 1.25f, 1f}, p.toArray());
    }

    @Test
    void fusedStepTakesTheOptimizerPluginButNotTheLossPlugin() {
        Sequential net = ModelSpec.parse("linear(4,8) rmsnorm(8) relu linear(8,3)", 1);
        Optimizer opt = Optimizers.create("signsgd", net.parameters(), Options.of("lr", 0.01f));
        assertTrue(TrainStep.of(net, Losses.create("huber", Options.empty()), opt).isEmpty());
        TrainStep step = TrainStep.of(net, Losses.create("mse", Options.empty()), opt).orElseThrow();
        float before = net.get(0).stateDict().get("weight").toArray()[0];
        step.step(new float[] {1, 2, 3, 4}, new float[] {1, 0, 0}, 1);
        assertEquals(0.01f, Math.abs(net.get(0).stateDict().get("weight").toArray()[0] - before), 1e-6f);
    }
}
