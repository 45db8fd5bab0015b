package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm1d in training mode needs more than one value per channel, as PyTorch: one row of {@code [1, C, L]}
 * with {@code L > 1} trains (normalised over its length), one row of {@code [1, C]} or {@code [1, C, 1]} is refused;
 * {@code minimumBatchRows()} speaks of 2-D rows only.
 */
class BatchNormOneRowTest {

    private static final int C = 3;
    private static final int L = 5;

    @Test
    void oneRowWithALengthAboveOneTrainsNormalisedOverTheLength() {
        BatchNorm1d bn = new BatchNorm1d(C);
        Tensor x = Tensor.randn(11, 1, C, L);
        Tensor y = bn.forward(x);
        float[] in = x.toArray();
        double[] expected = new double[C * L];
        for (int c = 0; c < C; c++) { // the reference in double: each channel over its L values, biased variance
            double mean = 0;
            for (int l = 0; l < L; l++) {
                mean += in[c * L + l];
            }
            mean /= L;
            double var = 0;
            for (int l = 0; l < L; l++) {
                var += (in[c * L + l] - mean) * (in[c * L + l] - mean);
            }
            var /= L;
            for (int l = 0; l < L; l++) {
                expected[c * L + l] = (in[c * L + l] - mean) / Math.sqrt(var + BatchNorm1d.DEFAULT_EPS);
            }
        }
        float[] got = y.toArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-5, "value " + i);
        }
        assertEquals(1f, bn.stateDict().get("num_batches_tracked").item());
        y.pow(2f).sum().backward(); // the backward pass takes one row too
        assertEquals(C * L, x.numel());
        assertArrayEquals(new int[] {C}, bn.weight().grad().shape());
    }

    @Test
    void oneValuePerChannelIsRefusedWithPyTorchsMeaning() {
        BatchNorm1d bn = new BatchNorm1d(C);
        for (Tensor one : new Tensor[] {Tensor.randn(3, 1, C), Tensor.randn(4, 1, C, 1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(one));
            assertTrue(e.getMessage().startsWith("BatchNorm1d: expected more than 1 value per channel when training,"
                    + " got input " + java.util.Arrays.toString(one.shape())), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertEquals(0f, bn.stateDict().get("num_batches_tracked").item(), "refused batches are not counted");
    }

    @Test
    void minimumBatchRowsIsTwoRowsOf2dInputWhileNormalisingByTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(C);
        assertEquals(2, bn.minimumBatchRows());
        assertEquals(C * 2, bn.forward(Tensor.randn(5, 2, C)).numel());
        bn.eval();
        assertEquals(1, bn.minimumBatchRows());
        assertEquals(C, bn.forward(Tensor.randn(6, 1, C)).numel());
        BatchNorm1d untracked = new BatchNorm1d(C, BatchNorm1d.DEFAULT_EPS, BatchNorm1d.DEFAULT_MOMENTUM, true, false);
        untracked.eval();
        assertEquals(2, untracked.minimumBatchRows(), "no running statistics: the batch's, in eval mode too");
    }

    /** Eval mode is the way out only for a layer with running statistics; the message says which applies. */
    @Test
    void theOneRowMessageOffersEvalModeOnlyWhereItHelps() {
        String tracked = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1d(C).forward(Tensor.randn(7, 1, C))).getMessage();
        assertTrue(tracked.endsWith("(a batch size that leaves no last batch of 1), or eval mode"), tracked);
        BatchNorm1d untracked = new BatchNorm1d(C, BatchNorm1d.DEFAULT_EPS, BatchNorm1d.DEFAULT_MOMENTUM, true, false);
        for (boolean training : new boolean[] {true, false}) {
            untracked.train(training);
            String m = assertThrows(IllegalArgumentException.class,
                    () -> untracked.forward(Tensor.randn(8, 1, C))).getMessage();
            assertTrue(m.endsWith("; without running statistics (track_running_stats=false) it normalises by the"
                    + " batch in eval mode too"), m);
            assertFalse(m.contains("or eval mode"), m);
        }
    }
}
