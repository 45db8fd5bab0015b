package dev.lanes.usage.tensorloops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Linear;
import dev.lanes.layers.Sigmoid;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.nn.ParameterList;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.functional.Functional;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a user porting PyTorch code runs into at the edges, each expectation what PyTorch 2.13 does with the same
 * call (noted where Lanes differs on purpose; README "Tensors and autograd" lists those differences).
 */
class PortingEdgeCasesUsageTest {

    private static final Tensor X = Tensor.of(new float[] {1, 3, 3, 2, 5, 5}, 2, 3);

    @Test
    void negativeDimsAndKeepDim() {
        assertTensor(X.max(-1), new int[] {2}, 3, 5);
        assertTensor(X.max(-1, true), new int[] {2, 1}, 3, 5);
        assertTensor(X.argmax(-1, true), new int[] {2, 1}, 1, 1);       // the first of equal ones
        assertTensor(X.min(-2), new int[] {3}, 1, 3, 3);
        assertTensor(X.sum(-2, true), new int[] {1, 3}, 3, 8, 8);
        assertTensor(X.mean(-1), new int[] {2}, 7f / 3, 4);
        assertTensor(X.indexSelect(-1, 2, 0), new int[] {2, 2}, 3, 1, 5, 2);
    }

    /** {@code self.w[-1]}, {@code bp[-1]}: the module containers index as Python lists do. */
    @Test
    void containersTakeNegativeIndices() {
        ParameterList w = new ParameterList();
        w.append(Tensor.zeros(2)).append(Tensor.ones(3));
        assertArrayEquals(new int[] {3}, w.get(-1).shape());
        assertArrayEquals(new int[] {2}, w.get(-2).shape());
        fails(() -> w.get(-3), "ParameterList.get: index -3 is out of range for 2 parameters (expected -2 to 1; "
                + "negative counts from the end)");
        fails(() -> new ParameterList().get(0), "ParameterList.get: index 0 is out of range for 0 parameters");
        Sequential bp = Sequential.of(new Linear(3, 10), new Sigmoid());
        assertTrue(bp.get(-1) instanceof Sigmoid);
        fails(() -> bp.get(2), "Sequential.get: index 2 is out of range for 2 layers (expected -2 to 1; negative "
                + "counts from the end)");
    }

    /** {@code x.narrow(0, -2, 2)}: PyTorch counts a negative start from the end (the last batch of a series). */
    @Test
    void narrowWithNegativeStart() {
        Tensor w = Tensor.of(0f, 1f, 2f, 3f, 4f).requiresGrad(true);
        Tensor tail = w.narrow(0, -2, 2);
        assertTensor(tail, new int[] {2}, 3, 4);
        tail.sum().backward();
        assertTensor(w.grad(), new int[] {5}, 0, 0, 0, 1, 1);
        assertTensor(X.narrow(-1, -3, 1), new int[] {2, 1}, 1, 2);
        fails(() -> w.narrow(0, -6, 2), "narrow: start -6 is out of range for dimension 0 of size 5 (expected -5 to 5;"
                + " negative counts from the end)");
        fails(() -> w.narrow(0, -1, 2), "narrow: entries [4, 6) are outside dimension 0 of size 5 (shape [5])");
    }

    /** torch.tensor(3.).sum(0), .sum(-1), .max(0), .argmax(0), .mean(0, keepdim=True): 0-d in, 0-d out. */
    @Test
    void zeroDimTensorsReduceAlongDimZeroOrMinusOne() {
        Tensor s = Tensor.scalar(3f).requiresGrad(true);
        for (boolean keepDim : new boolean[] {false, true}) {
            for (int dim : new int[] {0, -1}) {
                assertTensor(s.sum(dim, keepDim), new int[0], 3);
                assertTensor(s.mean(dim, keepDim), new int[0], 3);
                assertTensor(s.max(dim, keepDim), new int[0], 3);
                assertTensor(s.min(dim, keepDim), new int[0], 3);
                assertTensor(s.argmax(dim, keepDim), new int[0], 0);
            }
        }
        s.sum(0).add(s.max(-1)).add(s.mean(0, true)).backward();
        assertTensor(s.grad(), new int[0], 3);
        fails(() -> s.sum(1), "sum: dimension 1 is out of range for a tensor of rank 0");
        // where PyTorch also takes a 0-d tensor as one element, Lanes refuses (README, porting notes)
        fails(() -> s.indexSelect(0, 0), "indexSelect: a zero-dimensional tensor has no dimension to index");
        fails(() -> s.gather(0, Tensor.scalar(0f)), "gather: a zero-dimensional tensor has no dimension to index");
        fails(() -> Functional.softmax(s, 0), "softmax: dimension 0 is out of range for a tensor of shape []");
    }

    @Test
    void emptyIndexGivesAnEmptyBatchWithZeroGradient() {
        Tensor w = X.copy().requiresGrad(true);
        Tensor none = w.indexSelect(0, new int[0]);
        assertArrayEquals(new int[] {0, 3}, none.shape());
        assertArrayEquals(new int[] {0, 3}, w.indexSelect(0, Tensor.zeros(0)).shape());
        none.sum().backward();
        assertTensor(w.grad(), new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        assertTrue(Float.isNaN(none.mean().item()), "mean of nothing is NaN, as torch's");
        assertArrayEquals(new int[] {0}, none.max(1).shape());
        fails(() -> none.max(0), "max: dimension 0 of shape [0, 3] is empty");
    }

    @Test
    void comparisonsBroadcastAndCarryNoGradient() {
        Tensor w = X.copy().requiresGrad(true);
        assertTensor(w.eq(Tensor.of(1f, 5f, 3f)), new int[] {2, 3}, 1, 0, 1, 0, 1, 0);
        assertTensor(w.ge(Tensor.of(new float[] {3, 5}, 2, 1)), new int[] {2, 3}, 0, 1, 1, 0, 1, 1);
        assertTensor(w.lt(Tensor.scalar(3f)), new int[] {2, 3}, 1, 0, 0, 1, 0, 0);
        assertFalse(w.gt(2f).requiresGrad());
        assertFalse(w.argmax(1).requiresGrad());
        fails(() -> w.gt(Tensor.of(1f, 2f)), "gt: shapes [2, 3] and [2] cannot be broadcast together (dimension 1: 3 vs 2)");
    }

    /** max(dim) routes to the index it returns (the first of ties); max() shares evenly, as torch's. */
    @Test
    void maxGradientWithTies() {
        Tensor w = Tensor.of(new float[] {1, 3, 3}, 1, 3).requiresGrad(true);
        w.max(1).sum().backward();
        assertTensor(w.grad(), new int[] {1, 3}, 0, 1, 0);
        w.zeroGrad();
        w.max().backward();
        assertTensor(w.grad(), new int[] {1, 3}, 0, 0.5f, 0.5f);
    }

    @Test
    void inPlaceOnLeavesInsideAndOutsideNoGrad() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        fails(() -> w.subInPlace(1f), "subInPlace: a leaf tensor that requires grad is being used in an in-place "
                + "operation (PyTorch: \"a leaf Variable that requires grad is being used in an in-place operation\")."
                + " Update it inside `try (var s = GradMode.noGrad()) { ... }` or through tensor.data()");
        try (var noGrad = GradMode.noGrad()) {
            w.subInPlace(1f);
        }
        assertTensor(w, new int[] {2}, 0, 1);
        assertTrue(w.isLeaf() && w.requiresGrad(), "still a trainable leaf");
        w.data().addInPlace(1f);                                            // w.data += 1
        assertTensor(w, new int[] {2}, 1, 2);

        Tensor y = w.mul(w).sum();
        try (var noGrad = GradMode.noGrad()) {
            w.addInPlace(1f);                                               // changes what MulBackward saved
        }
        fails(y::backward, "backward(): input 0 of MulBackward (shape [2]) was modified by an in-place operation "
                + "after the forward pass (version 3, expected 2), and its backward needs the old value: the gradient "
                + "would be wrong. Recompute the forward pass after updating it.");
    }

    @Test
    void detachSharesValuesWithoutHistory() {
        Tensor w = Tensor.of(2f).requiresGrad(true);
        Tensor d = w.mul(3f).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertNull(d.gradFn());
        Tensor shared = w.detach();
        shared.addInPlace(1f);
        assertEquals(3f, w.item(), "detach() shares storage, as torch's");
    }

    /**
     * backward twice through one graph needs retainGraph, as in torch. Lanes frees every node, so it refuses the
     * second call even for a graph that saved nothing ({@code w.sum()}), which torch lets through.
     */
    @Test
    void backwardTwiceNeedsRetainGraph() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor loss = w.mul(w).sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward();
        assertTensor(w.grad(), new int[] {2}, 4, 8);                     // accumulated: 2·(2w)
        fails(loss::backward, "backward(): trying to backward through the graph a second time (MulBackward was "
                + "already freed). Pass retainGraph=true to the first backward(...) call if you need to call backward"
                + " twice through the same graph.");
        Tensor plain = w.sum();
        plain.backward();
        assertThrows(IllegalStateException.class, plain::backward);
    }

    /** torch cannot make an int64 index require grad; a float index that does gets no gradient, and passes none. */
    @Test
    void indexTensorThatRequiresGradGetsNoGradient() {
        Tensor idx = Tensor.of(new float[] {2, 0}, 2, 1).requiresGrad(true);
        Tensor picked = X.gather(1, idx);
        assertFalse(picked.requiresGrad(), "only the indexed tensor's gradient flows");
        Tensor w = X.copy().requiresGrad(true);
        w.gather(1, idx).sum().add(w.indexSelect(0, idx.squeeze(1).narrow(0, 1, 1)).sum()).backward();
        assertTensor(w.grad(), new int[] {2, 3}, 1, 1, 2, 1, 0, 0);
        assertNull(idx.grad());
    }

    /** {@code w.grad.zero_()} is {@code w.zeroGrad()} or {@code w.grad().fillInPlace(0)}. */
    @Test
    void zeroingAGradientByHand() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        w.mul(w).sum().backward();
        w.grad().zeroGrad();                                                // the gradient's own gradient: a no-op
        assertTensor(w.grad(), new int[] {2}, 2, 4);
        w.grad().fillInPlace(0f);
        assertTensor(w.grad(), new int[] {2}, 0, 0);
        w.mul(w).sum().backward();
        w.zeroGrad();
        assertTensor(w.grad(), new int[] {2}, 0, 0);
    }

    /** Every shape error is one line naming the op and the shapes (or the dimension) concerned. */
    @Test
    void shapeErrorsAreOneLineNamingOpAndShapes() {
        fails(() -> X.add(Tensor.of(1f, 2f)), "add: shapes [2, 3] and [2] cannot be broadcast together (dimension 1: 3 vs 2)");
        fails(() -> X.mm(X), "mm: shapes [2, 3] and [2, 3] cannot be multiplied (3 != 2)");
        fails(() -> X.mm(Tensor.of(1f, 2f, 3f)), "mm: both operands must be 2-D, got shapes [2, 3] and [3]");
        fails(() -> X.reshape(4, 2), "reshape: shape [4, 2] is invalid for a tensor of shape [2, 3] (6 elements)");
        fails(() -> X.gather(1, Tensor.of(0f, 1f)), "gather: the index has shape [2] but the input [2, 3]; both need "
                + "the same number of dimensions");
        fails(() -> Tensor.where(Tensor.of(1f, 0f), X, X), "where: shapes [2] and [2, 3] cannot be broadcast together "
                + "(dimension 1: 2 vs 3)");
        fails(() -> X.maskedFill(Tensor.of(1f, 0f), 0f), "maskedFill: shapes [2] and [2, 3] cannot be broadcast "
                + "together (dimension 1: 2 vs 3)");
        fails(() -> X.max(2), "max: dimension 2 is out of range for a tensor of rank 2");
        fails(() -> X.unsqueeze(3), "unsqueeze: dimension 3 is out of range for a new dimension of a tensor of rank 2 "
                + "(expected -3 to 2)");
        fails(() -> Tensor.stack(List.of(X, X), -4), "stack: dimension -4 is out of range for a new dimension of a "
                + "tensor of rank 2 (expected -3 to 2)");
        fails(() -> Tensor.cat(List.of(X, Tensor.zeros(2, 2)), 0), "cat: tensor 1 has shape [2, 2] but tensor 0 has "
                + "[2, 3]; only dimension 0 may differ");
        fails(() -> Tensor.zeros(3).copyInPlace(X), "copyInPlace: source shape [2, 3] does not match [3]");
        fails(() -> X.copy().requiresGrad(true).mul(2f).backward(Tensor.ones(2)),
                "backward: gradient shape [2] does not match tensor shape [2, 3]");
        fails(() -> new MSELoss().call(Tensor.zeros(4, 1), Tensor.ones(4)),
                "MSELoss: input shape [4, 1] and target shape [4] must be equal");
        fails(() -> new CrossEntropyLoss().call(Tensor.zeros(4, 3), Tensor.zeros(4, 1)), "CrossEntropyLoss: expected "
                + "input [batch, classes] and target [batch] of class ids, got input [4, 3] and target [4, 1]");
    }

    private static void fails(Executable call, String message) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static void assertTensor(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toArray(), 1e-6f, "values");
    }
}
