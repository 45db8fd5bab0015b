package dev.lanes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** DataLoader visits every row once per epoch, keeps features with their targets, and shuffles reproducibly. */
class DataLoaderTest {

    /** Row i of the features is [i, i + 0.5] (shape [rows, 2]); its target is -i. */
    private static TensorDataset numbered(int rows) {
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5f;
            y[i] = -i;
        }
        return new TensorDataset(Tensor.of(x, rows, 2), Tensor.of(y, rows));
    }

    /** The row numbers an epoch visits, checking that each row's features and target belong together. */
    private static List<Integer> epoch(DataLoader loader, int batchSize, boolean dropLast) {
        List<Integer> seen = new ArrayList<>();
        int batches = 0;
        for (Batch b : loader) {
            batches++;
            float[] x = b.features().toArray();
            float[] y = b.targets().toArray();
            assertEquals(b.size(), y.length);
            assertTrue(b.size() == batchSize || (!dropLast && batches == loader.size() && b.size() < batchSize),
                    "batch " + batches + " has " + b.size() + " rows");
            for (int r = 0; r < b.size(); r++) {
                int row = (int) x[2 * r];
                assertEquals(row + 0.5f, x[2 * r + 1]);
                assertEquals(-row, y[r]);
                seen.add(row);
            }
        }
        assertEquals(loader.size(), batches);
        return seen;
    }

    @Property(tries = 100)
    void everyRowOncePerEpochInBatchesOfTheSize(@ForAll @IntRange(min = 0, max = 70) int rows,
                                                 @ForAll @IntRange(min = 1, max = 20) int batchSize,
                                                 @ForAll boolean shuffle, @ForAll boolean dropLast) {
        DataLoader loader = new DataLoader(numbered(rows), batchSize, shuffle, dropLast, new Generator(rows));
        List<Integer> seen = epoch(loader, batchSize, dropLast);
        int expectedRows = dropLast ? rows - rows % batchSize : rows;
        assertEquals(expectedRows, seen.size());
        assertEquals(expectedRows, seen.stream().distinct().count(), "a row came twice: " + seen);
        if (!shuffle) {
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void shufflesDifferPerEpochAndFollowManualSeed() {
        DataLoader loader = new DataLoader(numbered(50), 8, true);
        Init.manualSeed(3);
        List<Integer> first = epoch(loader, 8, false);
        List<Integer> second = epoch(loader, 8, false);
        assertFalse(first.equals(second), "two epochs in the same order");
        Init.manualSeed(3);
        assertEquals(first, epoch(loader, 8, false));
        assertEquals(second, epoch(loader, 8, false));
    }

    @Test
    void keepsTheShapeOfEachRow() {
        Tensor x = Tensor.randn(new Generator(1), 7, 2, 3);
        Tensor y = Tensor.randn(new Generator(2), 7, 4);
        DataLoader loader = new DataLoader(new TensorDataset(x, y), 3, false);
        Iterator<Batch> it = loader.iterator();
        Batch b = it.next();
        assertArrayEquals(new int[] {3, 2, 3}, b.features().shape());
        assertArrayEquals(new int[] {3, 4}, b.targets().shape());
        float[] all = x.toArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, 18), b.features().toArray());
        it.next();
        assertArrayEquals(new int[] {1, 2, 3}, it.next().features().shape());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void badDatasetsAndSizesAreRefusedSayingWhy() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("features have 4 rows but targets have 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.scalar(1), Tensor.zeros(1)));
        assertTrue(e.getMessage().contains("features are a scalar"), e.getMessage());
        Tensor weights = Tensor.zeros(4, 2).requiresGrad(true);
        e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(weights, Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("features require gradients"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(4), 0, false));
        assertTrue(e.getMessage().contains("batch size must be at least 1, got 0"), e.getMessage());
    }
}
