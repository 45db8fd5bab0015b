package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fused step of a model with BatchNorm1d and LayerNorm (before or after the activations) keeps the norms' statistics
 * in the plan's workspace: once grown to the batch it allocates nothing, as a dense model's step.
 */
class TrainStepNormAllocationTest {

    @Test
    void aStepWithNormsAllocatesNothingOnceGrown() {
        assertNoAllocationOnceGrown(TrainStepTest.normed());
    }

    /** Norms after the activations: the activations' outputs and the norms' statistics live in the workspace too. */
    @Test
    void aStepWithNormsAfterActivationsAllocatesNothingOnceGrown() {
        assertNoAllocationOnceGrown(TrainStepTest.normedAfterActivations());
    }

    private static void assertNoAllocationOnceGrown(Sequential model) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TrainStep step = TrainStep.of(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3f))
                .orElseThrow();
        int rows = 16;
        float[] x = Tensor.randn(1, rows, 64).storage();
        float[] y = Tensor.randint(0, 10, new Random(2), rows).storage();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 5000; i++) { // the fewest over many: class loading, JIT, vectors boxed until C2
            long before = threads.getCurrentThreadAllocatedBytes();
            step.step(x, y, rows);
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(fewest == 0, "a step allocated " + fewest + " bytes");
    }
}
