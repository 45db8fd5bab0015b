package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Autograd behaviour: accumulation, graph lifetime, in-place rules, grad mode and clear errors. */
class AutogradTest {

    private static <T extends Throwable> String message(Class<T> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        assertNull(w.grad());
        w.mul(3f).sum().backward();
        w.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6, 6}, w.grad().toArray());
        w.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, w.grad().toArray());
        w.pow(2).sum().backward();
        assertArrayEquals(new float[] {2, 4}, w.grad().toArray());
        w.clearGrad();
        assertNull(w.grad());
    }

    @Test
    void theSeedNetworkGetsPyTorchsGradients() {
        // x [2,2] · w [2,1] + b, relu, squared error; gradients worked out by hand:
        // z = [1·1 + 2·(-1) + 0.5, 3·1 + 4·(-1) + 0.5] = [-0.5, -0.5] -> relu 0: no gradient to w, b.
        // With b = 3: z = [2, 2], y = [1, 3] -> dL/dz = 2(z - y) = [2, -2]; dw = xᵀ·dz = [2-6, 4-8]; db = 0.
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor w = Tensor.of(new float[] {1, -1}, 2, 1).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {3}, 1, 1).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {1, 3}, 2, 1);
        Tensor loss = x.mm(w).add(b).relu().sub(y).pow(2).sum();
        assertEquals(2f, loss.item());
        loss.backward();
        assertArrayEquals(new float[] {-4, -4}, w.grad().toArray());
        assertArrayEquals(new float[] {0}, b.grad().toArray());
        assertNull(x.grad(), "x does not require grad");
    }

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Tensor w = Tensor.ones(2, 3).requiresGrad(true);
        Tensor y = w.mul(2f);
        assertMentions(message(IllegalStateException.class, y::backward), "scalar outputs", "[2, 3]",
                "backward(gradient)");
        y.backward(Tensor.full(0.5f, 2, 3));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, w.grad().toArray());
        assertMentions(message(IllegalArgumentException.class, () -> w.mul(2f).backward(Tensor.ones(3, 2))),
                "backward", "[3, 2]", "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> w.mul(2f).backward(null)),
                "backward", "null");
    }

    @Test
    void backwardFromALeafGivesItAGradientOfOne() {
        Tensor w = Tensor.scalar(2f).requiresGrad(true);
        w.backward();
        assertEquals(1f, w.grad().item());
    }

    @Test
    void backwardOnATensorWithoutGradIsRefused() {
        Tensor plain = Tensor.ones(2);
        assertMentions(message(IllegalStateException.class, () -> plain.sum().backward()),
                "does not require grad", "requiresGrad(true)");
    }

    @Test
    void aFreedGraphCannotBeTraversedTwiceAndTheFailedCallChangesNothing() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor loss = w.mul(2f).sum();
        loss.backward();
        assertMentions(message(IllegalStateException.class, loss::backward), "second time", "already freed",
                "retainGraph");
        assertArrayEquals(new float[] {2, 2}, w.grad().toArray());

        // A shared subgraph freed by the first loss: the second loss fails before touching any gradient.
        Tensor v = Tensor.of(1, 2).requiresGrad(true);
        Tensor h = w.mul(v);
        h.sum().backward();
        Tensor second = h.add(v).sum();
        assertThrows(IllegalStateException.class, second::backward);
        assertArrayEquals(new float[] {1, 2}, v.grad().toArray(), "v got only the first loss's gradient");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor loss = w.pow(2).sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward(Tensor.scalar(1f), true);
        loss.backward();
        assertArrayEquals(new float[] {6, 12}, w.grad().toArray());
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void inPlaceUpdateOfALeafThatRequiresGradSaysSoPlainly() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        String m = message(IllegalStateException.class, () -> w.subInPlace(1f));
        assertMentions(m, "subInPlace", "a leaf tensor that requires grad is being used in an in-place operation",
                "GradMode.noGrad()", "data()");
        assertThrows(IllegalStateException.class, () -> w.addInPlace(1f));
        assertThrows(IllegalStateException.class, () -> w.mulInPlace(1f));
        assertThrows(IllegalStateException.class, () -> w.divInPlace(1f));
        assertThrows(IllegalStateException.class, () -> w.fillInPlace(1f));
        assertThrows(IllegalStateException.class, () -> w.copyInPlace(Tensor.zeros(2)));
        assertArrayEquals(new float[] {1, 2}, w.toArray(), "refused updates change nothing");
    }

    @Test
    void inPlaceUpdatesWorkUnderNoGradAndThroughData() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        w.mul(w).sum().backward(); // grad = 2w = [2, 4]
        try (var scope = GradMode.noGrad()) {
            w.subInPlace(w.grad().mul(0.5f));
        }
        assertArrayEquals(new float[] {0, 0}, w.toArray());
        w.data().addInPlace(Tensor.of(3, 4)); // the seed's w.data -= ... style
        assertArrayEquals(new float[] {3, 4}, w.toArray());
        assertTrue(w.requiresGrad() && w.isLeaf());
        assertFalse(w.data().requiresGrad());
    }

    @Test
    void inPlaceWithAnOperandThatRequiresGradIsRefusedRatherThanLosingItsGradient() {
        Tensor buffer = Tensor.zeros(2);
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        assertMentions(message(IllegalStateException.class, () -> buffer.addInPlace(w.mul(2f))), "addInPlace",
                "operand requires grad", "out-of-place");
        assertThrows(IllegalStateException.class, () -> buffer.copyInPlace(w));
        buffer.addInPlace(w.detach());
        try (var scope = GradMode.noGrad()) {
            buffer.addInPlace(w);
        }
        assertArrayEquals(new float[] {2, 4}, buffer.toArray());
    }

    @Test
    void inPlaceOnARecordedResultIsRefused() {
        Tensor h = Tensor.of(1, 2).requiresGrad(true).mul(2f);
        assertMentions(message(IllegalStateException.class, () -> h.addInPlace(1f)), "addInPlace", "MulBackward");
    }

    @Test
    void modifyingASavedInputAfterTheForwardPassIsDetected() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor x = Tensor.of(3, 4);
        Tensor loss = w.mul(x).sum();
        x.mulInPlace(2f);
        assertMentions(message(IllegalStateException.class, loss::backward), "MulBackward",
                "modified by an in-place operation", "Recompute the forward pass");
        assertNull(w.grad(), "the failed backward wrote no gradient");

        Tensor again = w.mul(x).sum(); // a fresh forward pass is fine
        again.backward();
        assertArrayEquals(new float[] {6, 8}, w.grad().toArray());
    }

    @Test
    void writesThroughStorageDataAndDetachAreDetectedToo() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor loss = w.pow(3).sum(); // pow reads w backward
        w.data().mulInPlace(3f); // shares w's version counter
        assertThrows(IllegalStateException.class, loss::backward);

        Tensor x = Tensor.of(3, 4);
        Tensor loss2 = w.pow(2).mul(x).sum();
        x.storage()[0] = 0;
        x.markModified();
        assertThrows(IllegalStateException.class, loss2::backward);
    }

    @Test
    void modifyingASavedOutputIsDetected() {
        Tensor w = Tensor.of(0, 1).requiresGrad(true);
        Tensor s = w.sigmoid(); // sigmoid's backward reads its output
        try (var scope = GradMode.noGrad()) {
            s.mulInPlace(2f);
        }
        assertMentions(message(IllegalStateException.class, () -> s.sum().backward()), "output of SigmoidBackward");
    }

    @Test
    void modifyingAValueNoBackwardReadsIsAllowedAsInPyTorch() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor x = Tensor.of(3, 4);
        Tensor loss = w.add(x).sum(); // add's backward does not read x
        x.mulInPlace(2f);
        loss.backward();
        assertArrayEquals(new float[] {1, 1}, w.grad().toArray());
    }

    @Test
    void aDeepGraphDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1f).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(x.mul(0f)); // two paths into x per step: a long chain with fan-in
        }
        y.backward();
        assertEquals(1f, x.grad().item());
        assertTrue(y.toString().startsWith("tensor(1., grad_fn=<AddBackward>"));
    }

    @Test
    void aBackwardRunInsideABackwardClosureLeavesTheOuterPassIntact() {
        // the outer pass and the nested one each need their own traversal arrays (they are reused per thread)
        Tensor inner = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor x = Tensor.of(1f, 4f).requiresGrad(true);
        Tensor y = CustomOp.result("NestedBackward", x.toArray(), new int[] {2}, g -> {
            inner.mul(inner).sum().backward(); // d/d inner = 2 * inner
            float[] gx = CustomOp.gradOf(x);
            for (int i = 0; i < g.length; i++) {
                gx[i] += g[i];
            }
        }, x);
        y.mul(Tensor.of(5f, 7f)).add(x.exp()).sum().backward();
        assertArrayEquals(new float[] {5f + (float) Math.exp(1), 7f + (float) Math.exp(4)}, x.grad().toArray(), 1e-4f);
        assertArrayEquals(new float[] {4f, 6f}, inner.grad().toArray());
        x.zeroGrad(); // and a later pass on this thread still sees a clean state
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3f, 3f}, x.grad().toArray());
    }

    @Test
    void noGradScopesRecordNothingAndNest() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertTrue(GradMode.isEnabled());
        try (var outer = GradMode.noGrad()) {
            Tensor y = w.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var inner = GradMode.enableGrad()) {
                assertEquals("MulBackward", w.mul(2f).gradFn());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        try (var scope = GradMode.noGrad()) {
            boolean otherThreadRecords = CompletableFuture.supplyAsync(() -> w.mul(2f).requiresGrad()).get();
            assertTrue(otherThreadRecords, "a no-grad scope on one thread must not affect another");
            assertFalse(w.mul(2f).requiresGrad());
        }
    }

    @Test
    void leavesResultsAndDetach() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor y = w.exp();
        assertTrue(w.isLeaf());
        assertFalse(y.isLeaf());
        assertEquals("ExpBackward", y.gradFn());
        assertMentions(message(IllegalStateException.class, () -> y.requiresGrad(false)), "leaf", "ExpBackward");
        Tensor d = y.detach();
        assertTrue(d.isLeaf() && !d.requiresGrad());
        assertArrayEquals(y.toArray(), d.toArray());
    }

    @Test
    void aLeafThatStopsRequiringGradIsSkipped() {
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        Tensor v = Tensor.of(3, 4).requiresGrad(true);
        Tensor loss = w.exp().add(w.mul(v)).sum();
        w.requiresGrad(false); // as PyTorch's requires_grad_(False) after the forward pass: no gradient for w
        loss.backward();
        assertNull(w.grad());
        assertArrayEquals(new float[] {1, 2}, v.grad().toArray());
    }

    @Test
    void shapeMismatchesNameTheOpAndBothShapes() {
        Tensor a = Tensor.ones(2, 3);
        assertMentions(message(IllegalArgumentException.class, () -> a.add(Tensor.ones(4))), "add:", "[2, 3]", "[4]");
        assertMentions(message(IllegalArgumentException.class, () -> a.sub(Tensor.ones(3, 3))), "sub:", "[2, 3]",
                "[3, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> a.mul(Tensor.ones(2, 1, 2))), "mul:", "[2, 3]",
                "[2, 1, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.div(Tensor.ones(2))), "div:", "[2, 3]", "[2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.mm(Tensor.ones(2, 3))), "mm:", "[2, 3]",
                "cannot be multiplied");
        assertMentions(message(IllegalArgumentException.class, () -> a.mm(Tensor.ones(3))), "mm:", "2-D", "[3]");
        assertMentions(message(IllegalArgumentException.class, () -> a.subInPlace(Tensor.ones(2))), "subInPlace:",
                "[2, 3]", "[2]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.ones(1, 3).addInPlace(a)), "addInPlace:",
                "[2, 3]", "[1, 3]", "target");
        assertMentions(message(IllegalArgumentException.class, () -> a.reshape(4, 2)), "reshape:", "[4, 2]",
                "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> a.copyInPlace(Tensor.ones(3, 2))),
                "copyInPlace:", "[3, 2]", "[2, 3]");
    }
}
