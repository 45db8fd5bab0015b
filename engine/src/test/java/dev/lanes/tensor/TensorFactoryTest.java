package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Factories, inspection and copying semantics. */
class TensorFactoryTest {

    @Test
    void constantFactories() {
        Tensor z = Tensor.zeros(2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertArrayEquals(new float[6], z.toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toArray());
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, Tensor.full(2.5f, 2, 2).toArray());
        Tensor s = Tensor.scalar(3f);
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertEquals(3f, s.item());
        assertEquals(0, Tensor.zeros(0, 4).numel());
    }

    @Test
    void fromArraysCopiesTheValues() {
        float[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(values, 2, 3);
        values[0] = 99;
        assertEquals(1f, t.get(0, 0));
        assertEquals(6f, t.get(1, 2));
        float[][] rows = {{1, 2}, {3, 4}};
        Tensor r = Tensor.of(rows);
        rows[1][1] = 99;
        assertArrayEquals(new int[] {2, 2}, r.shape());
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, r.toArray2d());
        assertArrayEquals(new int[] {3}, Tensor.of(1, 2, 3).shape());
    }

    @Test
    void badFactoryArgumentsAreNamed() {
        var ragged = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("row 1 has 1 values, row 0 has 2"), ragged.getMessage());
        var fill = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(fill.getMessage().contains("5 values") && fill.getMessage().contains("[2, 3]"), fill.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertTrue(negative.getMessage().contains("[2, -1]"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
        var randint = assertThrows(IllegalArgumentException.class, () -> Tensor.randint(3, 3, 0L, 2));
        assertTrue(randint.getMessage().contains("high (3)"), randint.getMessage());
    }

    @Test
    void seededRandomFactoriesAreReproducible() {
        assertArrayEquals(Tensor.rand(7L, 3, 4).toArray(), Tensor.rand(7L, 3, 4).toArray());
        assertArrayEquals(Tensor.rand(7L, 3, 4).toArray(), Tensor.rand(new Random(7), 3, 4).toArray());
        assertFalse(java.util.Arrays.equals(Tensor.rand(7L, 3, 4).toArray(), Tensor.rand(8L, 3, 4).toArray()));
        assertArrayEquals(Tensor.randn(7L, 5).toArray(), Tensor.randn(7L, 5).toArray());
        assertArrayEquals(Tensor.randint(0, 5, 7L, 5).toArray(), Tensor.randint(0, 5, 7L, 5).toArray());
        // any RandomGenerator works, and a shared generator continues its stream
        SplittableRandom rng = new SplittableRandom(1);
        assertFalse(java.util.Arrays.equals(Tensor.rand(rng, 4).toArray(), Tensor.rand(rng, 4).toArray()));
    }

    @Test
    void randomFactoriesHaveTheirDistributions() {
        float[] u = Tensor.rand(1L, 10_000).toArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "rand value " + v);
            mean += v / u.length;
        }
        assertEquals(0.5, mean, 0.02); // standard error 0.003
        float[] g = Tensor.randn(1L, 10_000).toArray();
        double m = 0;
        double sq = 0;
        for (float v : g) {
            m += v / g.length;
            sq += (double) v * v / g.length;
        }
        assertEquals(0, m, 0.05); // standard error 0.01
        assertEquals(1, sq - m * m, 0.05); // standard error 0.014
        int[] counts = new int[5];
        for (float v : Tensor.randint(-2, 3, 1L, 1000).toArray()) {
            assertEquals(Math.rint(v), v, "randint gives integers");
            counts[(int) v + 2]++;
        }
        for (int c : counts) {
            assertTrue(c > 150, "each of -2..2 drawn about 200 times of 1000: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void inspection() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(2, t.dim());
        assertEquals(6, t.numel());
        assertEquals(3, t.size(1));
        assertEquals(3, t.size(-1));
        assertEquals(2, t.size(-2));
        assertThrows(IllegalArgumentException.class, () -> t.size(2));
        assertEquals(5f, t.get(1, 1));
        var range = assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
        assertTrue(range.getMessage().contains("index 3") && range.getMessage().contains("size 3"));
        assertThrows(IllegalArgumentException.class, () -> t.get(0));
        var item = assertThrows(IllegalStateException.class, t::item);
        assertTrue(item.getMessage().contains("6 elements") && item.getMessage().contains("[2, 3]"));
        assertEquals(4f, Tensor.of(new float[] {4}, 1, 1).item());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(2).toArray2d());
    }

    @Test
    void accessorsReturnCopiesExceptStorage() {
        Tensor t = Tensor.of(1, 2);
        t.shape()[0] = 7;
        t.toArray()[0] = 7;
        assertArrayEquals(new int[] {2}, t.shape());
        assertArrayEquals(new float[] {1, 2}, t.toArray());
        t.storage()[0] = 7;
        assertArrayEquals(new float[] {7, 2}, t.toArray());
        Tensor c = t.copy();
        c.storage()[1] = 9;
        assertEquals(2f, t.get(1));
    }
}
