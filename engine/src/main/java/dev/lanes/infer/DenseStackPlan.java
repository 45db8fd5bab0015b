package dev.lanes.infer;

import dev.lanes.nn.DenseStack;

/**
 * The fast path: a {@link DenseStack} over flat arrays, one fused kernel call per dense layer, with one workspace per
 * thread, so a warmed-up thread allocates nothing. Same numbers as the module's {@code forward}.
 */
final class DenseStackPlan implements Plan {

    private final DenseStack stack;
    private final ThreadLocal<DenseStack.Workspace> workspaces;

    DenseStackPlan(DenseStack stack) {
        this.stack = stack;
        this.workspaces = ThreadLocal.withInitial(stack::newWorkspace);
    }

    DenseStack stack() {
        return stack;
    }

    @Override
    public void run(float[] x, int batch, float[] y) {
        stack.forward(x, batch, workspaces.get(), y);
    }
}
