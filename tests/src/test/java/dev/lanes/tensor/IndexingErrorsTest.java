package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to indexSelect, gather, max/min, the comparisons, where and maskedFill: one-line errors naming the op,
 * the dimension, the index and the shapes, and the input left as it was.
 */
class IndexingErrorsTest {

    private final Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);

    private void fails(Class<? extends Throwable> type, String message, Executable call) {
        float[] before = x.toArray();
        Throwable e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertArrayEquals(before, x.toArray(), "the input's values changed");
        assertEquals(null, x.grad());
    }

    @Test
    void indexSelectNamesTheIndexTheDimensionAndTheShape() {
        fails(IndexOutOfBoundsException.class, "indexSelect: index 2 at position 1 is out of range for dimension 0 "
                + "of size 2 (input shape [2, 3])", () -> x.indexSelect(0, 1, 2));
        fails(IndexOutOfBoundsException.class, "indexSelect: index -1 at position 0 is out of range for dimension -1 "
                + "of size 3 (input shape [2, 3])", () -> x.indexSelect(-1, Tensor.of(-1f)));
        fails(IllegalArgumentException.class, "indexSelect: dimension 2 is out of range for a tensor of rank 2",
                () -> x.indexSelect(2, 0));
        fails(IllegalArgumentException.class, "indexSelect: dimension -3 is out of range for a tensor of rank 2",
                () -> x.indexSelect(-3, 0));
        fails(IllegalArgumentException.class, "indexSelect: the index must be 0-D or 1-D, got shape [1, 1]",
                () -> x.indexSelect(0, Tensor.zeros(1, 1)));
        fails(IllegalArgumentException.class, "indexSelect: the index holds 0.5 at flat position 1; indices must be "
                + "whole numbers", () -> x.indexSelect(0, Tensor.of(0f, 0.5f)));
        fails(IllegalArgumentException.class, "indexSelect: the index holds NaN at flat position 0; indices must be "
                + "whole numbers", () -> x.indexSelect(0, Tensor.of(Float.NaN)));
        fails(IllegalArgumentException.class, "indexSelect: a zero-dimensional tensor has no dimension to index",
                () -> Tensor.scalar(1f).indexSelect(0, 0));
    }

    @Test
    void gatherNamesTheIndexPositionTheDimensionAndTheShapes() {
        fails(IndexOutOfBoundsException.class, "gather: index 3 at index position [1, 0] is out of range for "
                + "dimension 1 of size 3 (input shape [2, 3])", () -> x.gather(1, Tensor.of(new float[] {0, 3}, 2, 1)));
        fails(IllegalArgumentException.class, "gather: the index has shape [2] but the input [2, 3]; both need the "
                + "same number of dimensions", () -> x.gather(1, Tensor.of(0f, 1f)));
        fails(IllegalArgumentException.class, "gather: the index's shape [3, 1] is larger than the input's [2, 3] at "
                + "dimension 0 (only dimension -1 may be larger)", () -> x.gather(-1, Tensor.zeros(3, 1)));
        fails(IllegalArgumentException.class, "gather: dimension -3 is out of range for a tensor of rank 2",
                () -> x.gather(-3, Tensor.zeros(1, 1)));
        fails(IllegalArgumentException.class, "gather: the index holds 1.5 at flat position 0; indices must be whole "
                + "numbers", () -> x.gather(0, Tensor.full(1.5f, 1, 1)));
    }

    @Test
    void maxAndMinNameTheDimensionAndTheShape() {
        fails(IllegalArgumentException.class, "max: dimension 2 is out of range for a tensor of rank 2",
                () -> x.max(2));
        fails(IllegalArgumentException.class, "min: dimension -3 is out of range for a tensor of rank 2",
                () -> x.min(-3, true));
        fails(IllegalArgumentException.class, "max: dimension 0 of shape [0, 3] is empty",
                () -> Tensor.zeros(0, 3).max(0));
        fails(IllegalArgumentException.class, "min(): the tensor has no elements (shape [0, 3]); there is no min to "
                + "return", () -> Tensor.zeros(0, 3).min());
        assertArrayEquals(new int[] {0}, Tensor.zeros(3, 0).max(0).shape(), "an empty result is fine, as PyTorch");
    }

    @Test
    void comparisonsNameTheShapesThatDoNotBroadcast() {
        fails(IllegalArgumentException.class, "gt: shapes [2, 3] and [2] cannot be broadcast together (dimension 1: "
                + "3 vs 2)", () -> x.gt(Tensor.zeros(2)));
        assertFalse(x.eq(x).requiresGrad(), "comparisons return no graph");
    }

    @Test
    void whereAndMaskedFillRefuseMasksThatAreNotZerosAndOnes() {
        fails(IllegalArgumentException.class, "where: the mask holds 0.5 at flat position 2 (shape [3]); a mask holds "
                + "only 0 and 1, as eq, gt, ... return (PyTorch takes a bool tensor)",
                () -> Tensor.where(Tensor.of(1f, 0f, 0.5f), x, x));
        fails(IllegalArgumentException.class, "maskedFill: the mask holds -1.0 at flat position 0 (shape [1]); a mask "
                + "holds only 0 and 1, as eq, gt, ... return (PyTorch takes a bool tensor)",
                () -> x.maskedFill(Tensor.of(-1f), 0f));
        fails(IllegalArgumentException.class, "where: shapes [2, 3] and [2] cannot be broadcast together (dimension 1: "
                + "3 vs 2)", () -> Tensor.where(Tensor.ones(2, 3), x, Tensor.zeros(2)));
        fails(IllegalArgumentException.class, "maskedFill: shapes [2] and [2, 3] cannot be broadcast together "
                + "(dimension 1: 2 vs 3)", () -> x.maskedFill(Tensor.ones(2), 0f));
    }

    @Test
    void laterChangesToTheIndexOrMaskDoNotReachTheBackward() {
        int[] rows = {1, 1};
        Tensor index = Tensor.of(new float[] {2, 0}, 2, 1);
        Tensor mask = Tensor.of(1f, 0f, 1f);
        Tensor picked = x.indexSelect(0, rows).sum().add(x.gather(1, index).sum()).add(x.maskedFill(mask, 9f).sum());
        rows[0] = 0;
        index.fillInPlace(1f);
        mask.fillInPlace(0f);
        picked.backward();
        // rows 1 twice: 2 on row 1; gather: [0,2] and [1,0]; maskedFill keeps column 1 only
        assertArrayEquals(new float[] {0, 1, 1, 3, 3, 2}, x.grad().toArray());
    }
}
