package dev.lanes.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * indexSelect, gather, max/min (along a dimension and over all), the comparisons and where/maskedFill against
 * PyTorch ({@code tests/fixtures/tensor_ops}, written by the script there): values, and for the differentiable
 * ones the input gradients for random upstream weights, including repeated indices, ties (max(dim) routes to the
 * first, max() shares evenly), NaN and broadcasting on every side.
 */
class TensorIndexingParityTest {

    static final Fixture FIXTURE = Fixture.load("tensor_ops/tensor_ops.txt");
    /**
     * The ops copy values, so outputs match exactly; gradients are sums of at most 5 upstream weights (repeated
     * indices) or a weight divided by the tie count, which PyTorch may add in another order: 1 ulp-scale slack.
     */
    static final float TOLERANCE = 1e-6f;

    static Stream<String> cases() {
        return FIXTURE.caseNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + ".");
        String op = name.substring(0, name.indexOf('/'));
        Tensor x = f.get("x").copy().requiresGrad(true);
        Tensor y = f.containsKey("y") ? f.get("y").copy().requiresGrad(true) : null;
        float[] xBefore = x.toArray();
        Tensor out = switch (op) {
            case "index_select" -> x.indexSelect(dim(f), f.get("index"));
            case "gather" -> x.gather(dim(f), f.get("index"));
            case "max_dim" -> x.max(dim(f), f.get("keepdim").item() == 1f);
            case "min_dim" -> x.min(dim(f), f.get("keepdim").item() == 1f);
            case "max_all" -> x.max();
            case "min_all" -> x.min();
            case "where" -> Tensor.where(f.get("cond"), x, y);
            case "masked_fill" -> x.maskedFill(f.get("cond"), f.get("value").item());
            default -> f.containsKey("y") ? compare(op, x, f.get("y")) : compare(op, x, f.get("value").item());
        };
        assertArrayEquals(f.get("out").shape(), out.shape(), name + ": shape");
        assertClose(name + ": values", f.get("out"), out);
        assertArrayEquals(xBefore, x.toArray(), name + ": the input's values changed");
        if (!f.containsKey("upstream")) {
            assertFalse(out.requiresGrad(), name + ": a comparison records no graph");
            return;
        }
        out.backward(f.get("upstream"));
        assertClose(name + ": gradient of x", f.get("grad_x"), x.grad() == null ? Tensor.zeros(x.shape()) : x.grad());
        if (y != null) {
            assertClose(name + ": gradient of y", f.get("grad_y"), y.grad() == null ? Tensor.zeros(y.shape())
                    : y.grad());
        }
    }

    private static Tensor compare(String op, Tensor x, Tensor y) {
        return switch (op) {
            case "eq" -> x.eq(y);
            case "ne" -> x.ne(y);
            case "gt" -> x.gt(y);
            case "ge" -> x.ge(y);
            case "lt" -> x.lt(y);
            case "le" -> x.le(y);
            default -> throw new IllegalStateException("unknown op " + op);
        };
    }

    private static Tensor compare(String op, Tensor x, float v) {
        return switch (op) {
            case "eq" -> x.eq(v);
            case "ne" -> x.ne(v);
            case "gt" -> x.gt(v);
            case "ge" -> x.ge(v);
            case "lt" -> x.lt(v);
            case "le" -> x.le(v);
            default -> throw new IllegalStateException("unknown op " + op);
        };
    }

    private static int dim(Map<String, Tensor> f) {
        return (int) f.get("dim").item();
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i])) {
                assertTrue(Float.isNaN(a[i]), what + "[" + i + "]: expected NaN, got " + a[i]);
            } else {
                assertEquals(e[i], a[i], TOLERANCE * Math.max(1f, Math.abs(e[i])), what + "[" + i + "]");
            }
        }
    }
}
