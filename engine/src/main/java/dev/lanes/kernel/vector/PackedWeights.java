package dev.lanes.kernel.vector;

import dev.lanes.kernel.PackedLinear;

/**
 * The vector kernel's {@link PackedLinear}: the copied weights, read in place by the few-row loops, and the GEMM
 * panels of Wᵀ (bias row first), made on the first call with enough rows for the GEMM and reused by every later one.
 */
final class PackedWeights extends PackedLinear {

    /** Racy but safe: every thread that finds it null packs the same immutable weights into equal panels. */
    private volatile PackedPanels panels;

    PackedWeights(float[] w, float[] bias, int in, int out) {
        super(w, bias, in, out);
    }

    float[] weights() {
        return weight();
    }

    float[] biases() {
        return bias();
    }

    PackedPanels panels() {
        PackedPanels p = panels;
        if (p == null) { // B(p, j) = W[j, p]: Wᵀ by swapped strides, as VectorKernel.linearForward reads it
            p = PackedPanels.pack(weight(), 0, 1, in(), in(), out(), bias());
            panels = p;
        }
        return p;
    }
}
