package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random, often incompatible, shapes fed to every op that takes two shapes: the op either succeeds with the
 * shape NumPy broadcasting predicts, or throws {@link IllegalArgumentException} naming the op and both shapes.
 * Nothing else (no ArrayIndexOutOfBoundsException, no silent wrong shape) may come out.
 */
class ShapeMismatchProperties {

    enum Binary {
        ADD("add", Tensor::add), SUB("sub", Tensor::sub), MUL("mul", Tensor::mul), DIV("div", Tensor::div),
        ADD_IN_PLACE("addInPlace", Tensor::addInPlace), SUB_IN_PLACE("subInPlace", Tensor::subInPlace),
        MUL_IN_PLACE("mulInPlace", Tensor::mulInPlace), DIV_IN_PLACE("divInPlace", Tensor::divInPlace);

        final String name;
        final BinaryOperator<Tensor> f;

        Binary(String name, BinaryOperator<Tensor> f) {
            this.name = name;
            this.f = f;
        }

        boolean inPlace() {
            return name.endsWith("InPlace");
        }
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(0).ofMaxSize(4);
    }

    @Property(tries = 200)
    void binaryOpsBroadcastOrNameTheShapes(@ForAll Binary op, @ForAll("shapes") int[] a, @ForAll("shapes") int[] b,
                                           @ForAll boolean requiresGrad) {
        Tensor x = Tensor.ones(a);
        Tensor y = Tensor.full(2f, b).requiresGrad(requiresGrad && !op.inPlace());
        int[] expected = broadcastShape(a, b);
        boolean fits = expected != null && (!op.inPlace() || java.util.Arrays.equals(expected, a));
        if (fits) {
            Tensor out = op.f.apply(x, y);
            assertArrayEquals(expected, out.shape());
            if (requiresGrad && !op.inPlace() && out.numel() > 0) {
                out.sum().backward(); // the backward of a broadcast op must index as safely as its forward
                assertArrayEquals(b, y.grad().shape());
            }
        } else {
            var e = assertThrows(IllegalArgumentException.class, () -> op.f.apply(x, y));
            assertNamesOpAndShapes(e, op.name, a, b);
        }
    }

    @Property(tries = 100)
    void mmNeedsTwoDimensionalOperandsWithMatchingInnerDimensions(@ForAll("shapes") int[] a,
                                                                  @ForAll("shapes") int[] b) {
        Tensor x = Tensor.ones(a);
        Tensor y = Tensor.ones(b);
        if (a.length == 2 && b.length == 2 && a[1] == b[0]) {
            assertArrayEquals(new int[] {a[0], b[1]}, x.mm(y).shape());
        } else { // matmul's wider rules (1-D, batched) are MatmulShapesTest's
            assertNamesOpAndShapes(assertThrows(IllegalArgumentException.class, () -> x.mm(y)), "mm", a, b);
        }
    }

    @Property(tries = 100)
    void backwardGradientMustMatchTheTensorShape(@ForAll("shapes") int[] a, @ForAll("shapes") int[] g) {
        Tensor leaf = Tensor.ones(a).requiresGrad(true);
        Tensor out = leaf.mul(3f);
        if (java.util.Arrays.equals(a, g)) {
            out.backward(Tensor.ones(g));
            assertEquals(Shapes.numel(a) == 0 ? 0f : 3f, Shapes.numel(a) == 0 ? 0f : leaf.grad().toArray()[0]);
        } else {
            var e = assertThrows(IllegalArgumentException.class, () -> out.backward(Tensor.ones(g)));
            assertNamesOpAndShapes(e, "backward", g, a);
        }
    }

    @Property(tries = 100)
    void reshapeAndCopyInPlaceCheckElementCounts(@ForAll("shapes") int[] a, @ForAll("shapes") int[] b) {
        Tensor x = Tensor.ones(a);
        if (Shapes.numel(a) == Shapes.numel(b)) {
            assertArrayEquals(b, x.reshape(b).shape());
        } else {
            assertNamesOpAndShapes(assertThrows(IllegalArgumentException.class, () -> x.reshape(b)), "reshape", b, a);
        }
        if (java.util.Arrays.equals(a, b)) {
            x.copyInPlace(Tensor.zeros(b));
        } else {
            assertNamesOpAndShapes(assertThrows(IllegalArgumentException.class,
                    () -> x.copyInPlace(Tensor.zeros(b))), "copyInPlace", b, a);
        }
    }

    /** NumPy's rule, written independently of the engine: align right, sizes equal or 1; null if incompatible. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.length ? a[a.length - i] : 1;
            int db = i <= b.length ? b[b.length - i] : 1;
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[rank - i] = da == 1 ? db : da;
        }
        return out;
    }

    private static void assertNamesOpAndShapes(IllegalArgumentException e, String op, int[] first, int[] second) {
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ":"), () -> "message should start with the op '" + op + "': " + m);
        assertTrue(m.contains(Shapes.str(first)) && m.contains(Shapes.str(second)),
                () -> "message should name both shapes " + Shapes.str(first) + " and " + Shapes.str(second) + ": " + m);
    }
}
