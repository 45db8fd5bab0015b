package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** argmax/argmin over all values and argmin along a dim; expected values are PyTorch 2.13's for the same calls. */
class ArgExtremesTest {

    private static final Tensor M = Tensor.of(new float[][] {{3, 1, 1}, {0, 5, 5}});

    @Test
    void overAllValuesTheFlatIndexOfTheFirstExtreme() {
        Tensor max = M.argmax();
        assertEquals(0, max.dim());
        assertEquals(4f, max.item()); // torch.tensor([[3,1,1],[0,5,5]]).argmax() -> 4
        assertEquals(3f, M.argmin().item()); // -> 3
        assertEquals(0f, Tensor.scalar(2f).argmax().item());
        assertEquals(1f, Tensor.of(1f, Float.NaN, 0f).argmin().item(), "a NaN is the most extreme, as in PyTorch");
    }

    @Test
    void argminAlongADim() {
        assertArrayEquals(new float[] {1, 0}, M.argmin(1).toArray()); // first of equal values
        Tensor kept = M.argmin(0, true);
        assertArrayEquals(new int[] {1, 3}, kept.shape());
        assertArrayEquals(new float[] {1, 0, 0}, kept.toArray());
        assertArrayEquals(new float[] {1, 0}, M.argmin(-1).toArray());
    }

    @Test
    void noGraphIsRecorded() {
        Tensor x = M.copy().requiresGrad(true);
        assertFalse(x.argmax().requiresGrad());
        assertFalse(x.argmin(1).requiresGrad());
    }
}
