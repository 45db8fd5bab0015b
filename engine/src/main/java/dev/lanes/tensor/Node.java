package dev.lanes.tensor;

/**
 * One recorded operation: its inputs and a {@link #backward} that <em>adds</em> into their gradients (micrograd's
 * {@code _backward}). Each op records a subclass of its own, usually anonymous, holding what its backward reads:
 * the node is the closure, one object per op. Created only while grad mode is on and some input requires grad.
 */
abstract class Node {

    /** Which values the backward closure reads, so that an in-place change to them can be detected. */
    enum Saved {
        NOTHING, INPUTS, OUTPUT,
        /** Inputs and output: the safe assumption for an op whose backward is not known to this package. */
        ALL;

        static Saved activation(dev.lanes.kernel.Activation act) {
            return act.needsPreActivation() ? INPUTS : OUTPUT;
        }
    }

    final String name;
    // Inputs: one or two in fields (nearly every op), an array only past two, so a node is one object.
    private final Tensor first;
    private final Tensor second;
    private final Tensor[] many; // every input when there are more than two, else null
    private final Saved saved;
    // versions of the saved inputs when the op ran, read only when the backward reads its inputs
    private final int firstVersion;
    private final int secondVersion;
    private final int[] manyVersions;
    Tensor output; // set right after the output is made; its version was 0 when the op ran
    private boolean freed; // backward ran without retainGraph: running it again would double-count
    Object visitedIn; // the backward pass that last reached this node (see Autograd)

    /** A node over one input. */
    Node(String name, Saved saved, Tensor input) {
        this(name, saved, input, null, null);
    }

    /** A node over two inputs (the same tensor may be both). */
    Node(String name, Saved saved, Tensor first, Tensor second) {
        this(name, saved, first, second, null);
    }

    /** A node over any number of inputs, at least one. */
    Node(String name, Saved saved, Tensor[] inputs) {
        this(name, saved, inputs.length <= 2 ? inputs[0] : null, inputs.length == 2 ? inputs[1] : null,
                inputs.length <= 2 ? null : inputs.clone());
    }

    private Node(String name, Saved saved, Tensor first, Tensor second, Tensor[] many) {
        this.name = name;
        this.saved = saved;
        this.first = first;
        this.second = second;
        this.many = many;
        this.firstVersion = first != null ? first.version() : 0;
        this.secondVersion = second != null ? second.version() : 0;
        this.manyVersions = many == null || !savesInputs() ? null : new int[many.length];
        for (int i = 0; manyVersions != null && i < many.length; i++) {
            manyVersions[i] = many[i].version();
        }
    }

    /** Reads the gradient flowing into the op's output and adds the inputs' shares via {@link Autograd#gradOf}. */
    abstract void backward(float[] gradOutput);

    int inputCount() {
        return many != null ? many.length : second != null ? 2 : 1;
    }

    Tensor input(int i) {
        return many != null ? many[i] : i == 0 ? first : second;
    }

    private int versionWhenRun(int i) {
        return manyVersions != null ? manyVersions[i] : i == 0 ? firstVersion : secondVersion;
    }

    /** Throws when this node cannot be run: its graph was freed, or a value it saved was modified in place. */
    void checkRunnable() {
        if (freed) {
            throw new IllegalStateException("backward(): trying to backward through the graph a second time ("
                    + name + " was already freed). Pass retainGraph=true to the first backward(...) call if you "
                    + "need to call backward twice through the same graph.");
        }
        if (savesInputs()) {
            for (int i = 0, n = inputCount(); i < n; i++) {
                Tensor in = input(i);
                if (in.version() != versionWhenRun(i)) {
                    throw modified("input " + i + " of " + name + " (shape " + Shapes.str(in.shapeRef()) + ")",
                            versionWhenRun(i), in.version());
                }
            }
        }
        if ((saved == Saved.OUTPUT || saved == Saved.ALL) && output.version() != 0) {
            throw modified("the output of " + name, 0, output.version());
        }
    }

    private boolean savesInputs() {
        return saved == Saved.INPUTS || saved == Saved.ALL;
    }

    private static IllegalStateException modified(String what, int expected, int actual) {
        return new IllegalStateException("backward(): " + what + " was modified by an in-place operation after "
                + "the forward pass (version " + actual + ", expected " + expected + "), and its backward needs the "
                + "old value: the gradient would be wrong. Recompute the forward pass after updating it.");
    }

    /** Runs {@link #backward}; skipped when no input needs a gradient any more (a leaf turned it off). */
    void run(float[] gradOutput) {
        for (int i = 0, n = inputCount(); i < n; i++) {
            if (input(i).requiresGrad()) {
                backward(gradOutput);
                return;
            }
        }
    }

    /**
     * Marks the node as run without retainGraph. A built-in op's node keeps what it holds (its inputs' own arrays,
     * kept by the inputs anyway); a custom op's node also drops its closure, which may hold buffers of its own.
     */
    void free() {
        freed = true;
    }
}
