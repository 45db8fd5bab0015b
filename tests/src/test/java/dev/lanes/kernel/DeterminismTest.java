package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same input gives the same bits on every call, whether the kernel code runs interpreted or compiled:
 * a service's predictions must not change in the last digit once the JIT warms up.
 */
class DeterminismTest {

    /** Enough calls for C2 to compile the reduction loop (JIT thresholds are ~10k invocations). */
    private static final int WARM_CALLS = 60_000;

    @Test
    void sumGivesTheSameBitsColdAndWarm() {
        Kernel kernel = Kernels.get();
        float[] x = new float[67];
        Random rng = new Random(42);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian() * (1 << rng.nextInt(12));
        }
        float cold = kernel.sum(x, x.length);
        float warm = cold;
        for (int i = 0; i < WARM_CALLS; i++) {
            warm = kernel.sum(x, x.length);
            assertEquals(Float.floatToIntBits(cold), Float.floatToIntBits(warm), "call " + i + ": " + cold + " then "
                    + warm);
        }
    }
}
