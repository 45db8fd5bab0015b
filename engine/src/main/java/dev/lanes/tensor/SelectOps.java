package dev.lanes.tensor;

/**
 * Choosing between two tensors by a mask: {@code where(condition, a, b)} and {@code maskedFill} (which is
 * {@code where(mask, value, a)}), all three operands broadcast together. Lanes has no bool tensors, so a mask is a
 * float tensor of 0s and 1s, as {@code eq}, {@code gt}, ... return; any other value is refused, as it would
 * most likely be a tensor passed in the wrong place. The gradient of each side flows where it was chosen.
 */
final class SelectOps {

    private SelectOps() {
    }

    /** {@code condition ? a : b} elementwise; {@code op} and {@code backwardName} name it in errors and graphs. */
    static Tensor select(String op, String backwardName, Tensor condition, Tensor a, Tensor b) {
        BroadcastIndex.Plan plan = BroadcastIndex.plan(op, condition, a, b);
        int[] shape = plan.shape();
        boolean[] chooseA = mask(op, condition);
        float[] x = a.data;
        float[] y = b.data;
        float[] out = new float[Shapes.numel(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = chooseA[plan.source(0, i)] ? x[plan.source(1, i)] : y[plan.source(2, i)];
        }
        if (!Tensor.records(a, b)) {
            return Tensor.unrecorded(out, shape);
        }
        // the mask is read from chooseA, a copy: a later in-place change to the condition cannot reach the backward
        return Tensor.recorded(out, shape, new Node(backwardName, Node.Saved.NOTHING, a, b) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                float[] gb = Autograd.gradOf(b);
                for (int i = 0; i < g.length; i++) {
                    if (chooseA[plan.source(0, i)]) {
                        if (ga != null) {
                            ga[plan.source(1, i)] += g[i];
                        }
                    } else if (gb != null) {
                        gb[plan.source(2, i)] += g[i];
                    }
                }
            }
        });
    }

    /** The mask's values as booleans; anything but 0 and 1 is refused. */
    private static boolean[] mask(String op, Tensor mask) {
        float[] m = mask.data;
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0f && m[i] != 1f) {
                throw new IllegalArgumentException(op + ": the mask holds " + m[i] + " at flat position " + i
                        + " (shape " + Shapes.str(mask.shapeRef()) + "); a mask holds only 0 and 1, as eq, gt, ... "
                        + "return (PyTorch takes a bool tensor)");
            }
            out[i] = m[i] == 1f;
        }
        return out;
    }
}
