package dev.lanes.tensor;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernels;
import java.util.Arrays;

/** Elementwise ops: binary with NumPy broadcasting, unary, activations, and the in-place updates. */
final class Elementwise {

    enum Op { ADD, SUB, MUL, DIV }

    private Elementwise() {
    }

    private static float apply(Op op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    /**
     * For each output position i, the flat positions in a and b it reads. Returns {@code null} when both
     * operands have the output shape (the common case: plain indexing, no table).
     */
    private static int[][] broadcastIndex(int[] aShape, int[] bShape, int[] outShape) {
        if (Arrays.equals(aShape, outShape) && Arrays.equals(bShape, outShape)) {
            return null;
        }
        int n = Shapes.numel(outShape);
        int[] sa = Shapes.broadcastStrides(aShape, outShape);
        int[] sb = Shapes.broadcastStrides(bShape, outShape);
        int[] ia = new int[n];
        int[] ib = new int[n];
        int[] counter = new int[outShape.length];
        int offA = 0;
        int offB = 0;
        for (int i = 0; i < n; i++) {
            ia[i] = offA;
            ib[i] = offB;
            for (int d = outShape.length - 1; d >= 0; d--) { // odometer step
                counter[d]++;
                offA += sa[d];
                offB += sb[d];
                if (counter[d] < outShape[d]) {
                    break;
                }
                offA -= sa[d] * counter[d];
                offB -= sb[d] * counter[d];
                counter[d] = 0;
            }
        }
        return new int[][] {ia, ib};
    }

    static Tensor binary(Op op, Tensor a, Tensor b) {
        String name = switch (op) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case DIV -> "div";
        };
        int[] aShape = a.shape();
        int[] bShape = b.shape();
        int[] outShape = Shapes.broadcast(name, aShape, bShape);
        int[][] index = broadcastIndex(aShape, bShape, outShape);
        float[] x = a.data;
        float[] y = b.data;
        float[] out = new float[Shapes.numel(outShape)];
        if (index == null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = apply(op, x[i], y[i]);
            }
        } else {
            int[] ia = index[0];
            int[] ib = index[1];
            for (int i = 0; i < out.length; i++) {
                out[i] = apply(op, x[ia[i]], y[ib[i]]);
            }
        }
        String node = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Backward";
        return Tensor.result(out, outShape, node, g -> binaryBackward(op, a, b, index, g), a, b);
    }

    private static void binaryBackward(Op op, Tensor a, Tensor b, int[][] index, float[] g) {
        float[] ga = Autograd.gradOf(a);
        float[] gb = Autograd.gradOf(b);
        float[] x = a.data;
        float[] y = b.data;
        for (int i = 0; i < g.length; i++) {
            int ia = index == null ? i : index[0][i];
            int ib = index == null ? i : index[1][i];
            float gi = g[i];
            switch (op) {
                case ADD -> {
                    if (ga != null) ga[ia] += gi;
                    if (gb != null) gb[ib] += gi;
                }
                case SUB -> {
                    if (ga != null) ga[ia] += gi;
                    if (gb != null) gb[ib] -= gi;
                }
                case MUL -> {
                    if (ga != null) ga[ia] += gi * y[ib];
                    if (gb != null) gb[ib] += gi * x[ia];
                }
                case DIV -> {
                    if (ga != null) ga[ia] += gi / y[ib];
                    if (gb != null) gb[ib] -= gi * x[ia] / (y[ib] * y[ib]);
                }
            }
        }
    }

    static Tensor neg(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return Tensor.result(out, a.shape(), "NegBackward", g -> {
            float[] ga = Autograd.gradOf(a);
            for (int i = 0; i < g.length; i++) {
                ga[i] -= g[i];
            }
        }, a);
    }

    static Tensor pow(Tensor a, float p) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = p == 2f ? x[i] * x[i] : (float) Math.pow(x[i], p);
        }
        return Tensor.result(out, a.shape(), "PowBackward", g -> {
            float[] ga = Autograd.gradOf(a);
            for (int i = 0; i < g.length; i++) {
                float d = p == 2f ? 2f * x[i] : p * (float) Math.pow(x[i], p - 1f);
                ga[i] += g[i] * d;
            }
        }, a);
    }

    static Tensor exp(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.exp(x[i]);
        }
        return Tensor.result(out, a.shape(), "ExpBackward", g -> {
            float[] ga = Autograd.gradOf(a);
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * out[i];
            }
        }, a);
    }

    static Tensor log(Tensor a) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.log(x[i]);
        }
        return Tensor.result(out, a.shape(), "LogBackward", g -> {
            float[] ga = Autograd.gradOf(a);
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] / x[i];
            }
        }, a);
    }

    static Tensor activation(Tensor a, Activation act, float alpha, String name) {
        float[] x = a.data;
        float[] out = new float[x.length];
        Kernels.get().activationForward(act, alpha, x, out, x.length);
        return Tensor.result(out, a.shape(), name,
                g -> Kernels.get().activationBackward(act, alpha, x, out, g, Autograd.gradOf(a), g.length), a);
    }

    static void checkInPlaceAllowed(Tensor t, String op) {
        if (!t.requiresGrad() || !GradMode.isEnabled()) {
            return;
        }
        if (t.isLeaf()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place "
                    + "operation (PyTorch: \"a leaf Variable that requires grad is being used in an in-place "
                    + "operation\"). Update it inside `try (var s = GradMode.noGrad()) { ... }` or through "
                    + "tensor.data()");
        }
        throw new IllegalStateException(op + ": in-place operations on a tensor recorded in an autograd graph ("
                + t.gradFn() + ") are not supported; use the out-of-place op");
    }

    static Tensor inPlace(Op op, Tensor target, Tensor other, String name) {
        checkInPlaceAllowed(target, name);
        int[] shape = target.shape();
        int[] outShape = Shapes.broadcast(name, shape, other.shape());
        if (!Arrays.equals(outShape, shape)) {
            throw new IllegalArgumentException(name + ": shape " + Shapes.str(other.shape())
                    + " cannot be broadcast to the target shape " + Shapes.str(shape));
        }
        int[][] index = broadcastIndex(shape, other.shape(), shape);
        float[] t = target.data;
        float[] o = other.data;
        for (int i = 0; i < t.length; i++) {
            t[i] = apply(op, t[i], o[index == null ? i : index[1][i]]);
        }
        target.markModified();
        return target;
    }
}
