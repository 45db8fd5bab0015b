package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Generator;
import dev.lanes.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Dropout's forward wraps its fresh mask array instead of copying it: a forward at [128, 512] allocates the mask
 * and the output (2 × 256 KiB), not a third array for a copy of the mask; the output is unchanged.
 */
class DropoutAllocationTest {

    private static final int ROWS = 128;
    private static final int COLS = 512;
    private static final long ARRAY_BYTES = 4L * ROWS * COLS;

    @Test
    void forwardAllocatesTheMaskAndTheOutputOnly() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Dropout dropout = new Dropout(0.3f, new Generator(5));
        Tensor x = Tensor.randn(1, ROWS, COLS);
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) { // the fewest over several calls: class loading and JIT allocate at first
            long before = threads.getCurrentThreadAllocatedBytes();
            dropout.forward(x);
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(fewest < 2.5 * ARRAY_BYTES, "forward allocated " + fewest + " bytes; the mask and the output are "
                + 2 * ARRAY_BYTES);
    }

    @Test
    void theOutputIsTheInputTimesTheMask() {
        Tensor x = Tensor.randn(2, 4, 6);
        float[] out = new Dropout(0.5f, new Generator(9)).forward(x).toArray();
        float[] mask = new float[24];
        new Dropout(0.5f, new Generator(9)).nextMask(mask, 24);
        float[] in = x.toArray();
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = in[i] * mask[i];
        }
        assertArrayEquals(expected, out, 0f);
    }
}
