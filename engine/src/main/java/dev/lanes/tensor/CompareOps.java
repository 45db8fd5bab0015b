package dev.lanes.tensor;

/**
 * Elementwise comparisons, {@code eq ne gt ge lt le}, against a tensor (NumPy broadcasting) or a number. Lanes
 * has only float tensors, so the result holds 1 where the comparison holds and 0 elsewhere (PyTorch returns a bool
 * tensor), outside the graph: a mask for {@code where} and {@code maskedFill}, or a count ({@code .sum()},
 * {@code .mean()}). Comparisons follow IEEE 754: a NaN is unequal to everything, itself included.
 */
final class CompareOps {

    enum Comparison {
        EQ("eq"), NE("ne"), GT("gt"), GE("ge"), LT("lt"), LE("le");

        final String opName;

        Comparison(String opName) {
            this.opName = opName;
        }

        boolean holds(float a, float b) {
            return switch (this) {
                case EQ -> a == b;
                case NE -> a != b;
                case GT -> a > b;
                case GE -> a >= b;
                case LT -> a < b;
                case LE -> a <= b;
            };
        }
    }

    private CompareOps() {
    }

    static Tensor compare(Comparison c, Tensor a, Tensor b) {
        BroadcastIndex.Plan plan = BroadcastIndex.plan(c.opName, a, b);
        float[] x = a.data;
        float[] y = b.data;
        float[] out = new float[Shapes.numel(plan.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.holds(x[plan.source(0, i)], y[plan.source(1, i)]) ? 1f : 0f;
        }
        return Tensor.unrecorded(out, plan.shape());
    }

    static Tensor compare(Comparison c, Tensor a, float value) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = c.holds(x[i], value) ? 1f : 0f;
        }
        return Tensor.unrecorded(out, a.shapeRef());
    }
}
