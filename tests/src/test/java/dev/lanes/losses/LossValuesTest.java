package dev.lanes.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.loss.BCELoss;
import dev.lanes.layers.loss.BCEWithLogitsLoss;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.loss.L1Loss;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.loss.NLLLoss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values against PyTorch (numbers printed by torch 2.x for the same inputs), reductions and bad input. */
class LossValuesTest {

    /** float32 evaluation of a few terms: a few ulps of values near 1. */
    static final float TOL = 1e-5f;

    private static final Tensor X = Tensor.of(new float[][] {{1f, 2f}, {3f, 5f}});
    private static final Tensor Y = Tensor.of(new float[][] {{0f, 2f}, {5f, 4f}});

    @Test
    void mseReductions() {
        assertEquals(1.5f, new MSELoss().forward(X, Y).item(), TOL); // (1 + 0 + 4 + 1) / 4
        assertEquals(6f, new MSELoss(Reduction.SUM).forward(X, Y).item(), TOL);
        assertArrayEquals(new float[] {1f, 0f, 4f, 1f}, new MSELoss(Reduction.NONE).forward(X, Y).toArray());
        assertEquals("MSELoss(reduction=sum)", Losses.create("mse", Options.of("reduction", "sum")).toString());
    }

    @Test
    void l1() {
        assertEquals(1f, new L1Loss().forward(X, Y).item(), TOL);
    }

    @Test
    void crossEntropyMatchesPyTorchAndSurvivesHugeLogits() {
        Tensor logits = Tensor.of(new float[][] {{1f, 2f, 3f}, {1f, 2f, 3f}});
        Tensor target = Tensor.of(2f, 0f);
        // torch.nn.CrossEntropyLoss()(tensor([[1.,2,3],[1,2,3]]), tensor([2,0])) = 1.4076059
        assertEquals(1.4076059f, new CrossEntropyLoss().forward(logits, target).item(), TOL);
        Tensor huge = logits.add(10000f);
        assertEquals(1.4076059f, new CrossEntropyLoss().forward(huge, target).item(), TOL); // shifted by the row max: exact
    }

    @Test
    void crossEntropyEqualsLogSoftmaxThenNll() {
        Tensor logits = Tensor.randn(3, 5, 4);
        Tensor target = Tensor.of(0f, 3f, 1f, 1f, 2f);
        float ce = new CrossEntropyLoss().forward(logits, target).item();
        float nll = new NLLLoss().forward(new dev.lanes.layers.LogSoftmax().forward(logits), target).item();
        assertEquals(ce, nll, TOL);
    }

    @Test
    void classTargetsAreValidated() {
        Tensor logits = Tensor.zeros(2, 3);
        var range = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(logits, Tensor.of(0f, 3f)));
        assertTrue(range.getMessage().contains("target class at flat position 1"), range.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().forward(logits, Tensor.zeros(2, 3)));
        assertTrue(shape.getMessage().contains("target [2, 3]"), shape.getMessage());
    }

    @Test
    void bceMatchesPyTorchAndClampsTheLog() {
        Tensor p = Tensor.of(0.2f, 0.9f);
        Tensor t = Tensor.of(0f, 1f);
        // -(log(0.8) + log(0.9)) / 2
        assertEquals(0.16425204f, new BCELoss().forward(p, t).item(), TOL);
        assertEquals(100f, new BCELoss().forward(Tensor.of(0f), Tensor.of(1f)).item(), TOL); // PyTorch's clamp
        var e = assertThrows(IllegalArgumentException.class, () -> new BCELoss().forward(Tensor.of(1.5f), t.sum()));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        var domain = assertThrows(IllegalArgumentException.class, () -> new BCELoss().forward(Tensor.of(1.5f), Tensor.of(1f)));
        assertTrue(domain.getMessage().contains("[0, 1]"), domain.getMessage());
        var target = assertThrows(IllegalArgumentException.class, () -> new BCELoss().forward(Tensor.of(0.5f), Tensor.of(2f)));
        assertTrue(target.getMessage().contains("target at flat position 0 is 2.0"), target.getMessage());
    }

    @Test
    void bceWithLogitsIsStableAndAgreesWithSigmoidThenBce() {
        Tensor x = Tensor.of(-3f, 0.5f, 2f);
        Tensor t = Tensor.of(0f, 1f, 1f);
        assertEquals(new BCELoss().forward(x.sigmoid(), t).item(), new BCEWithLogitsLoss().forward(x, t).item(), TOL);
        assertEquals(200f, new BCEWithLogitsLoss().forward(Tensor.of(200f), Tensor.of(0f)).item(), TOL);
    }

    @Test
    void mismatchedShapesNameBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(X, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("input shape [2, 2] and target shape [2, 3]"), e.getMessage());
    }

    @Test
    void targetRequiringGradIsRefusedWhereItWouldBeIgnored() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new L1Loss().forward(X, Y.copy().requiresGrad(true)));
        assertTrue(e.getMessage().contains("detach"), e.getMessage());
    }
}
