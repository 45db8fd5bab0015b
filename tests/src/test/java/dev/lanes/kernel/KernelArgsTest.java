package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.vector.VectorKernel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Both kernels reject wrong shapes with a message naming the op and operand, never an index error. */
class KernelArgsTest {

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
    }

    @Test
    void shortOrMissingArraysAreNamed() {
        for (Kernel k : List.of(new ScalarKernel(), new VectorKernel())) {
            rejects(() -> k.matmul(new float[5], new float[6], new float[4], 2, 3, 2, false), "matmul", "A", "6");
            rejects(() -> k.matmulTransB(new float[600], new float[599], new float[400], 20, 30, 20, false),
                    "matmulTransB", "B");
            rejects(() -> k.linearForward(new float[6], new float[6], new float[1], Activation.RELU, 0f,
                    new float[4], null, 2, 3, 2), "linearForward", "bias");
            rejects(() -> k.linearForward(new float[6], new float[6], null, Activation.GELU, 0f,
                    new float[4], null, 2, 3, 2), "pre-activation", "GELU");
            rejects(() -> k.linearBackward(new float[6], new float[6], new float[4], null, Activation.SIGMOID, 0f,
                    new float[4], new float[4], new float[6], new float[5], null, 2, 3, 2), "grad_weight");
            rejects(() -> k.activationForward(null, 0f, new float[1], new float[1], 1), "activation is null");
            rejects(() -> k.sumRows(new float[5], new float[3], 2, 3), "sumRows", "input");
            rejects(() -> k.adamStep(new float[3], new float[3], new float[3], new float[2], null, 3, 0.1f, 0.9f,
                    0.999f, 1e-8f, 0f, false, 1), "exp_avg_sq");
            rejects(() -> k.axpy(1f, new float[2], new float[3], -1), "negative");
        }
    }

    @Test
    void offsetsOutsideTheArraysAreNamed() {
        for (Kernel k : List.of(new ScalarKernel(), new VectorKernel())) {
            rejects(() -> k.matmul(new float[10], 5, new float[6], 0, new float[4], 0, 2, 3, 2, false),
                    "matmul: A has 10 elements", "needs 6 from offset 5");
            rejects(() -> k.matmulTransA(new float[6], 0, new float[6], -1, new float[4], 0, 2, 3, 2, false),
                    "matmulTransA: negative offset -1 for B");
            rejects(() -> k.matmulTransB(new float[600], 0, new float[600], 0, new float[500], 101, 20, 30, 20,
                    false), "matmulTransB: C has 500 elements", "needs 400 from offset 101, up to index 501");
        }
    }
}
