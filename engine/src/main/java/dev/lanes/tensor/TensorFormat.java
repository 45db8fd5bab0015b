package dev.lanes.tensor;

import java.util.Locale;

/** PyTorch-style printing: {@code tensor([[ 1.0000, -2.5000]], requires_grad=True)}. */
final class TensorFormat {

    private static final int MAX_PRINTED = 1000; // beyond this, only the first and last 3 per dimension

    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] d = t.data;
        boolean integral = true;
        for (float v : d) {
            if (v != Math.rint(v) || Float.isInfinite(v)) {
                integral = false;
                break;
            }
        }
        int width = 0;
        for (float v : d) {
            width = Math.max(width, number(v, integral).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        int[] shape = t.shape();
        if (shape.length == 0) {
            sb.append(number(d[0], integral));
        } else {
            append(sb, d, shape, 0, 0, width, integral, d.length > MAX_PRINTED, "tensor(".length());
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    private static String number(float v, boolean integral) {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return integral ? String.format(Locale.ROOT, "%.0f.", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void append(StringBuilder sb, float[] d, int[] shape, int dim, int offset, int width,
                               boolean integral, boolean summarize, int indent) {
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (summarize && shape[dim] > 6 && i == 3) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = shape[dim] - 3;
            }
            if (dim == shape.length - 1) {
                String s = number(d[offset + i], integral);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                append(sb, d, shape, dim + 1, offset + i * stride, width, integral, summarize, indent);
            }
            if (i < shape[dim] - 1) {
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + "\n".repeat(shape.length - dim - 2)
                        + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }
}
