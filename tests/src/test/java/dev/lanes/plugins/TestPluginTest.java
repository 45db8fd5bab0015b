package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Options;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A layer plugin that lives only in this test module is found, built from a spec string and trained. */
class TestPluginTest {

    @Test
    void testPluginIsDiscovered() {
        assertTrue(Layers.registry().contains("FeatureScale"), Layers.registry().names().toString());
    }

    @Test
    void specWithTestPluginBuildsAndTrains() {
        Sequential net = ModelSpec.parse("linear(2,8) featurescale(8) tanh linear(8,1)", 7);
        assertInstanceOf(FeatureScale.class, net.get(1));
        assertEquals(List.of("0.weight", "0.bias", "1.scale", "3.weight", "3.bias"),
                List.copyOf(net.namedParameters().keySet()));

        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 16, 2);
        Tensor y = x.sum(1, true).tanh().detach(); // a smooth target the net can fit
        Loss mse = Losses.create("mse", Options.empty());
        Tensor scaleBefore = net.get(1).parameters().get(0).copy();
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 200; step++) {
            Tensor loss = mse.forward(net.forward(x), y);
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
            net.zeroGrad();
            loss.backward();
            try (var scope = GradMode.noGrad()) { // plain gradient descent; the optimizers are tested elsewhere
                for (Tensor p : net.parameters()) {
                    p.subInPlace(p.grad().mul(0.1f));
                }
            }
        }
        assertTrue(last < first / 4, "loss " + first + " -> " + last);
        float moved = net.get(1).parameters().get(0).sub(scaleBefore).pow(2f).sum().item();
        assertTrue(moved > 0f, "the plugin's own parameter was trained");
    }
}
