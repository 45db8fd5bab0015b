package dev.lanes.tensor;

/**
 * One recorded operation: its inputs and one backward closure that <em>adds</em> into their gradients
 * (micrograd's {@code _backward}). Created only while grad mode is on and some input requires grad.
 */
final class Node {

    /** Reads the gradient flowing into the op's output and adds the inputs' shares via {@link Autograd#gradOf}. */
    @FunctionalInterface
    interface Backward {
        void run(float[] gradOutput);
    }

    final String name;
    final Tensor[] inputs;
    private final int[] inputVersions;
    private Backward backward;

    Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputVersions[i] = inputs[i].version();
        }
    }

    boolean freed() {
        return backward == null;
    }

    void run(float[] gradOutput) {
        if (backward == null) {
            throw new IllegalStateException("backward(): trying to backward through the graph a second time ("
                    + name + " was already freed). Pass retainGraph=true to the first backward(...) call if you "
                    + "need to call backward twice through the same graph.");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version() != inputVersions[i]) {
                throw new IllegalStateException("backward(): an input of " + name + " (shape "
                        + Shapes.str(inputs[i].shape()) + ") was modified by an in-place operation after it was "
                        + "used; its gradient would be wrong. Recompute the forward pass after updating it.");
            }
        }
        backward.run(gradOutput);
    }

    void free() {
        backward = null;
    }
}
