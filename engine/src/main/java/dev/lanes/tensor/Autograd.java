package dev.lanes.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Reverse-mode differentiation: topological order of the graph, then one reversed sweep. */
final class Autograd {

    private static final AtomicLong PASSES = new AtomicLong(); // numbers backward passes, to mark visited nodes

    private Autograd() {
    }

    static void backward(Tensor root, float[] seed, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(root);
        for (Tensor t : order) { // all checks before any gradient is written, so a failed call changes nothing
            t.node.checkRunnable();
        }
        try {
            accumulate(root, seed);
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                float[] g = t.pendingGrad;
                if (g == null) {
                    continue; // no gradient reached this tensor
                }
                t.pendingGrad = null;
                t.node.run(g);
                if (!retainGraph) {
                    t.node.free();
                }
            }
        } finally {
            for (Tensor t : order) {
                t.pendingGrad = null;
            }
        }
    }

    /** Non-leaf tensors reachable from root, each after all of its inputs (iterative: deep graphs are fine). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        if (root.node == null) {
            return order;
        }
        long pass = PASSES.incrementAndGet();
        Tensor[] stack = new Tensor[16];
        int[] nextInput = new int[16];
        int top = 0;
        stack[0] = root;
        root.node.visitedIn = pass;
        while (top >= 0) {
            Tensor[] inputs = stack[top].node.inputs;
            if (nextInput[top] < inputs.length) {
                Tensor in = inputs[nextInput[top]++];
                if (in.node != null && in.node.visitedIn != pass) {
                    in.node.visitedIn = pass;
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, 2 * top);
                        nextInput = Arrays.copyOf(nextInput, 2 * top);
                    }
                    stack[top] = in;
                    nextInput[top] = 0;
                }
            } else {
                order.add(stack[top]);
                stack[top--] = null;
            }
        }
        return order;
    }

    /**
     * The buffer a backward closure adds {@code t}'s gradient into, created zeroed on first use; {@code null}
     * when {@code t} needs no gradient (the closure then skips that input).
     */
    static float[] gradOf(Tensor t) {
        if (!t.requiresGrad()) {
            return null;
        }
        if (t.node == null) {
            return t.leafGradData();
        }
        if (t.pendingGrad == null) {
            t.pendingGrad = new float[t.numel()];
        }
        return t.pendingGrad;
    }

    private static void accumulate(Tensor t, float[] g) {
        float[] into = gradOf(t);
        for (int i = 0; i < g.length; i++) {
            into[i] += g[i];
        }
    }
}
