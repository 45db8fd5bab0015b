package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The spec hint over normalization layers: a BatchNorm1d's tensors say what it is (its running statistics), a 1-D
 * weight without them could be a LayerNorm's or a BatchNorm1d's, and the hint says so instead of picking one.
 */
class SpecHintNormsTest {

    private static void linear(Map<String, Tensor> t, int index, int in, int out) {
        t.put(index + ".weight", Tensor.zeros(out, in));
        t.put(index + ".bias", Tensor.zeros(out));
    }

    private static void batchNorm(Map<String, Tensor> t, int index, int c, boolean affine) {
        if (affine) {
            t.put(index + ".weight", Tensor.ones(c));
            t.put(index + ".bias", Tensor.zeros(c));
        }
        t.put(index + ".running_mean", Tensor.zeros(c));
        t.put(index + ".running_var", Tensor.ones(c));
        t.put(index + ".num_batches_tracked", Tensor.scalar(0f));
    }

    @Test
    void aBatchNormBetweenLinearLayersIsReadOffItsRunningStatistics() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        linear(t, 0, 4, 8);
        batchNorm(t, 1, 8, true);
        linear(t, 3, 8, 3);
        assertEquals(Optional.of("linear(4,8) batchnorm1d(8) relu linear(8,3)"), SpecHint.derived(t));
        assertEquals("e.g. --spec 'linear(4,8) batchnorm1d(8) relu linear(8,3)' (the tensors do not record"
                + " activations: relu stands for the layer between two that hold tensors)", SpecHint.example(t));

        Map<String, Tensor> plain = new LinkedHashMap<>();
        batchNorm(plain, 0, 5, false);
        linear(plain, 1, 5, 2);
        assertEquals("e.g. --spec 'batchnorm1d(5, affine=false) linear(5,2)'", SpecHint.example(plain));
    }

    @Test
    void aBatchNormWhoseWidthOrTensorsDoNotFitGetsNoSpec() {
        Map<String, Tensor> wrongWidth = new LinkedHashMap<>();
        linear(wrongWidth, 0, 4, 8);
        batchNorm(wrongWidth, 1, 7, true);
        assertEquals(Optional.empty(), SpecHint.derived(wrongWidth));

        Map<String, Tensor> weightOnly = new LinkedHashMap<>();
        batchNorm(weightOnly, 0, 8, true);
        weightOnly.remove("0.bias");
        assertEquals(Optional.empty(), SpecHint.derived(weightOnly));

        Map<String, Tensor> countNot0d = new LinkedHashMap<>();
        batchNorm(countNot0d, 0, 8, false);
        countNot0d.put("0.num_batches_tracked", Tensor.zeros(1));
        assertEquals(Optional.empty(), SpecHint.derived(countNot0d));
    }

    @Test
    void aOneDimensionalWeightWithoutRunningStatisticsIsNamedAsUndecidable() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        linear(t, 0, 4, 8);
        t.put("1.weight", Tensor.ones(8)); // a LayerNorm(8)'s, or a BatchNorm1d(8, track_running_stats=False)'s
        t.put("1.bias", Tensor.zeros(8));
        linear(t, 2, 8, 3);
        assertEquals(Optional.empty(), SpecHint.derived(t));
        String example = SpecHint.example(t);
        assertTrue(example.startsWith("e.g. --spec '" + SpecHint.NEUTRAL + "'"), example);
        assertTrue(example.endsWith("; layer 1 holds a 1-D weight of 8 and no running statistics, as a layernorm or"
                + " a batchnorm1d with track_running_stats=false does; the tensors cannot tell which"), example);
    }

    @Test
    void aMultiDimensionalLayerNormIsNotMistakenForALinear() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", Tensor.ones(4, 8)); // LayerNorm([4, 8])
        t.put("0.bias", Tensor.zeros(4, 8));
        assertEquals(Optional.empty(), SpecHint.derived(t));
    }
}
