package dev.lanes.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reverse-mode differentiation: topological order of the graph, then one reversed sweep. */
final class Autograd {

    private Autograd() {
    }

    static void backward(Tensor root, float[] seed, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(root);
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
    }

    /** Non-leaf tensors reachable from root, each after all of its inputs (iterative: deep graphs are fine). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        if (root.node == null) {
            return order;
        }
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextInput = new ArrayDeque<>();
        stack.push(root);
        nextInput.push(0);
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = nextInput.pop();
            Tensor[] inputs = t.node.inputs;
            if (i < inputs.length) {
                nextInput.push(i + 1);
                Tensor in = inputs[i];
                if (in.node != null && in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(in);
                    nextInput.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
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
