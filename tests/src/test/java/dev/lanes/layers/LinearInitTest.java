package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lanes.nn.Generator;
import dev.lanes.nn.Initializers;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Linear is initialised by PyTorch's {@code reset_parameters} calls, bit for bit from the same generator state:
 * {@code kaiming_uniform_(weight, a=√5)}, then {@code uniform_(bias, -1/√fan_in, 1/√fan_in)}.
 */
class LinearInitTest {

    private static final int[][] SIZES = {{1, 1}, {3, 7}, {5, 2}, {6, 10}, {7, 3}, {10, 1}, {37, 19}, {64, 32},
        {100, 7}, {784, 128}, {1000, 3}, {3072, 5}};

    @Test
    void weightAndBiasAreInitializersKaimingUniformAndUniformDrawsFromTheSameState() {
        for (int[] size : SIZES) {
            int in = size[0];
            int out = size[1];
            for (long seed = 0; seed < 5; seed++) {
                Linear layer = new Linear(in, out, true, new Generator(seed));
                Generator g = new Generator(seed);
                Tensor weight = Initializers.kaimingUniform(Tensor.zeros(out, in), Math.sqrt(5), "fan_in",
                        "leaky_relu", g);
                double bound = 1 / Math.sqrt(Initializers.calculateFanInAndFanOut(weight).fanIn());
                Tensor bias = Initializers.uniform(Tensor.zeros(out), -bound, bound, g);
                String at = in + "x" + out + " seed " + seed;
                assertArrayEquals(weight.toArray(), layer.weight().toArray(), 0f, "weight " + at);
                assertArrayEquals(bias.toArray(), layer.bias().toArray(), 0f, "bias " + at);

                Linear noBias = new Linear(in, out, false, new Generator(seed));
                assertArrayEquals(weight.toArray(), noBias.weight().toArray(), 0f, "weight without bias " + at);
            }
        }
    }
}
