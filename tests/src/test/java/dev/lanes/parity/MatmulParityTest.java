package dev.lanes.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * matmul, mm and bmm against PyTorch ({@code tests/fixtures/matmul}, written by the script there), values and the
 * gradients of both operands for random upstream weights: dot product, vector-matrix and matrix-vector (the 1-D
 * dimension dropped), 2-D, batched with the batch dimensions broadcast on either side or both (gradients summed
 * over them), empty sizes, and one tensor as both operands.
 */
class MatmulParityTest {

    static final Fixture FIXTURE = Fixture.load("matmul/matmul.txt");
    /** Sums of at most 5 products (and of up to 3 broadcast batches) in float, added in another order: 1e-5. */
    static final float TOLERANCE = 1e-5f;

    static Stream<String> cases() {
        return FIXTURE.caseNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + ".");
        String op = name.substring(0, name.indexOf('/'));
        Tensor x = f.get("x").copy().requiresGrad(true);
        Tensor y = op.equals("matmul_self") ? x : f.get("y").copy().requiresGrad(true);
        Tensor out = switch (op) {
            case "matmul", "matmul_self" -> x.matmul(y);
            case "mm" -> x.mm(y);
            case "bmm" -> x.bmm(y);
            default -> throw new IllegalStateException("unknown op " + op);
        };
        assertClose(name + ": values", f.get("out"), out);
        out.backward(f.get("upstream"));
        assertClose(name + ": gradient of x", f.get("grad_x"), x.grad());
        if (y != x) {
            assertClose(name + ": gradient of y", f.get("grad_y"), y.grad());
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOLERANCE * Math.max(1f, Math.abs(e[i])), what + "[" + i + "]");
        }
    }
}
