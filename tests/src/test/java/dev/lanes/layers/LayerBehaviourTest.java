package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the gradient contract does not see: modes, values, sparsity and bad input. */
class LayerBehaviourTest {

    @Test
    void dropoutZeroesAboutPAndScalesTheRestInTrainingOnly() {
        Dropout dropout = new Dropout(0.25f, new Random(4));
        Tensor x = Tensor.ones(100, 100);
        float[] y = dropout.forward(x).toArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.75f, v, 1e-6f);
            }
        }
        assertEquals(2500, zeros, 200); // binomial(10000, 0.25): sd 43, so ±200 is ~4.6 sd
        dropout.eval();
        assertSame(x, dropout.forward(x));
    }

    @Test
    void dropoutRejectsBadProbability() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void embeddingGradientTouchesOnlyRowsUsed() {
        Embedding emb = new Embedding(10, 3, new Random(0));
        Tensor ids = Tensor.of(new float[] {2, 7, 2}, 3);
        Tensor out = emb.forward(ids);
        assertArrayEquals(new int[] {3, 3}, out.shape());
        assertArrayEquals(java.util.Arrays.copyOfRange(emb.weight().toArray(), 6, 9),
                java.util.Arrays.copyOfRange(out.toArray(), 0, 3));
        out.sum().backward();
        float[] g = emb.weight().grad().toArray();
        for (int row = 0; row < 10; row++) {
            float expected = row == 2 ? 2f : row == 7 ? 1f : 0f;
            for (int j = 0; j < 3; j++) {
                assertEquals(expected, g[row * 3 + j], "row " + row);
            }
        }
    }

    @Test
    void embeddingRejectsIdsOutOfRangeOrFractional() {
        Embedding emb = new Embedding(4, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(1f, 4f)));
        assertTrue(e.getMessage().contains("flat position 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(1.5f)));
    }

    @Test
    void softmaxRowsSumToOneEvenForHugeLogits() {
        Tensor x = Tensor.of(new float[][] {{1000f, 1001f, 1002f}, {-5f, 0f, 5f}});
        float[] p = new Softmax().forward(x).toArray();
        assertEquals(1f, p[0] + p[1] + p[2], 1e-6f);
        assertEquals(0.6652409f, p[2], 1e-6f); // e² / (1 + e + e²)
        float[] lp = new LogSoftmax().forward(x).toArray();
        assertEquals(-0.40760596f, lp[2], 1e-5f);
        assertTrue(Float.isFinite(lp[0]));
    }

    @Test
    void flattenKeepsTheBatchDimension() {
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(Tensor.zeros(2, 3, 4)).shape());
        assertArrayEquals(new int[] {24}, new Flatten(0).forward(Tensor.zeros(2, 3, 4)).shape());
        assertArrayEquals(new int[] {0, 12}, new Flatten().forward(Tensor.zeros(0, 3, 4)).shape()); // as PyTorch
    }

    @Test
    void leakyReluUsesItsSlope() {
        assertArrayEquals(new float[] {-0.2f, 3f}, new LeakyReLU(0.1f).forward(Tensor.of(-2f, 3f)).toArray());
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-1f));
    }

    /** As PyTorch's dropout draws from the global generator: reseeding after the layer is built decides its masks. */
    @Test
    void dropoutWithoutItsOwnGeneratorFollowsManualSeed() {
        Dropout dropout = new Dropout(0.5f);
        Tensor x = Tensor.ones(4, 8);
        dev.lanes.nn.Init.manualSeed(9);
        float[] first = dropout.forward(x).toArray();
        dev.lanes.nn.Init.manualSeed(9);
        assertArrayEquals(first, dropout.forward(x).toArray());
    }

    @Test
    void geluIsPyTorchsDefaultOrTheTanhForm() {
        // PyTorch 2.13: nn.GELU()(x) and its gradient of sum, x = [-3, -0.5, 0.25, 3.5]; nn.GELU('tanh')(1.0)
        Tensor x = Tensor.of(-3f, -0.5f, 0.25f, 3.5f).requiresGrad(true);
        new GELU().forward(x).sum().backward();
        assertArrayEquals(new float[] {-0.0119456053f, 0.13250491f, 0.695373297f, 1.00282168f}, x.grad().toArray(),
                1e-6f);
        assertEquals(0.841344714f, new GELU().forward(Tensor.of(1f)).item(), 1e-6f);
        assertEquals(0.841192f, new GELU("tanh").forward(Tensor.of(1f)).item(), 1e-6f);
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("gelu(tanh)", ModelSpec.format(Sequential.of(new GELU("tanh"))));
        assertEquals(Activation.GELU, ((GELU) ModelSpec.parse("gelu(tanh)").get(0)).activation());
        assertEquals(Activation.GELU_ERF, ((GELU) ModelSpec.parse("gelu").get(0)).activation());
    }

    @Test
    void siluAndEluFromSpecsRoundTripAndRefuseANegativeAlpha() {
        Sequential net = ModelSpec.parse("linear(3, 4) silu linear(4, 4) elu linear(4, 2) elu(alpha=0.5)", 1);
        assertEquals(Activation.SILU, ((SiLU) net.get(1)).activation());
        assertEquals(1f, ((ELU) net.get(3)).alpha());
        assertEquals(0.5f, ((ELU) net.get(5)).alpha());
        assertEquals("linear(3,4) silu linear(4,4) elu linear(4,2) elu(0.5)", ModelSpec.format(net));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("elu(-1)"));
        assertTrue(e.getMessage().contains("alpha must be a finite number >= 0, got -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f).elu(Float.NaN));
    }
}
