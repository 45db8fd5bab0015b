package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * matmul, mm and bmm: the shapes they refuse (one line naming the op, both shapes and what does not fit), the
 * result shapes of PyTorch's rules, and the autograd node each case records. Values and gradients are in
 * MatmulParityTest and MatmulGradientProperties.
 */
class MatmulShapesTest {

    @Test
    void refusedShapesAreOneLineNamingTheOpAndBothShapes() {
        fails(() -> Tensor.scalar(2f).matmul(Tensor.ones(2, 3)),
                "matmul: both operands must be at least 1-D, got shapes [] and [2, 3]");
        fails(() -> Tensor.ones(3).matmul(Tensor.scalar(2f)),
                "matmul: both operands must be at least 1-D, got shapes [3] and []");
        fails(() -> Tensor.ones(3).matmul(Tensor.ones(4)), "matmul: shapes [3] and [4] cannot be multiplied (3 != 4)");
        fails(() -> Tensor.ones(2, 5, 4).matmul(Tensor.ones(3, 3)),
                "matmul: shapes [2, 5, 4] and [3, 3] cannot be multiplied (4 != 3)");
        fails(() -> Tensor.ones(2, 5, 4).matmul(Tensor.ones(3, 4, 3)), "matmul: batch dimensions of [2, 5, 4] and "
                + "[3, 4, 3]: shapes [2] and [3] cannot be broadcast together (dimension 0: 2 vs 3)");
        fails(() -> Tensor.ones(2, 5, 4).mm(Tensor.ones(2, 4, 3)),
                "mm: both operands must be 2-D, got shapes [2, 5, 4] and [2, 4, 3]");
        fails(() -> Tensor.ones(4).mm(Tensor.ones(4, 3)), "mm: both operands must be 2-D, got shapes [4] and [4, 3]");
        fails(() -> Tensor.ones(5, 4).bmm(Tensor.ones(2, 4, 3)),
                "bmm: both operands must be 3-D, got shapes [5, 4] and [2, 4, 3]");
        fails(() -> Tensor.ones(1, 5, 4).bmm(Tensor.ones(2, 4, 3)),
                "bmm: shapes [1, 5, 4] and [2, 4, 3] have different batch sizes (1 != 2; bmm does not broadcast)");
        fails(() -> Tensor.ones(2, 5, 4).bmm(Tensor.ones(2, 3, 3)),
                "bmm: shapes [2, 5, 4] and [2, 3, 3] cannot be multiplied (4 != 3)");
    }

    @Test
    void resultShapesFollowPyTorch() {
        assertShape(new int[] {}, Tensor.ones(4).matmul(Tensor.ones(4)));
        assertShape(new int[] {4}, Tensor.ones(3).matmul(Tensor.ones(3, 4)));
        assertShape(new int[] {2}, Tensor.ones(2, 3).matmul(Tensor.ones(3)));
        assertShape(new int[] {2, 5, 3}, Tensor.ones(2, 5, 4).matmul(Tensor.ones(4, 3)));
        assertShape(new int[] {2, 5}, Tensor.ones(2, 5, 4).matmul(Tensor.ones(4)));
        assertShape(new int[] {2, 3}, Tensor.ones(4).matmul(Tensor.ones(2, 4, 3)));
        assertShape(new int[] {3, 5, 2}, Tensor.ones(1, 5, 4).matmul(Tensor.ones(3, 4, 2)));
        assertShape(new int[] {2, 3, 3, 2}, Tensor.ones(2, 1, 3, 4).matmul(Tensor.ones(3, 4, 2)));
        assertShape(new int[] {2, 5, 3}, Tensor.ones(2, 5, 4).bmm(Tensor.ones(2, 4, 3)));
    }

    @Test
    void eachCaseRecordsItsNode() {
        Tensor v = Tensor.ones(4).requiresGrad(true);
        Tensor m = Tensor.ones(4, 4).requiresGrad(true);
        Tensor b = Tensor.ones(2, 4, 4).requiresGrad(true);
        assertEquals("DotBackward", v.matmul(v).gradFn());
        assertEquals("MvBackward", m.matmul(v).gradFn());
        assertEquals("MmBackward", m.mm(m).gradFn());
        assertEquals("BmmBackward", b.bmm(b).gradFn());
        assertEquals("MatmulBackward", b.matmul(m).gradFn());
        assertEquals("MatmulBackward", v.matmul(b).gradFn());
        try (var scope = GradMode.noGrad()) {
            assertEquals(null, b.matmul(b).gradFn());
        }
    }

    private static void assertShape(int[] expected, Tensor t) {
        assertArrayEquals(expected, t.shape());
    }

    private static void fails(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
