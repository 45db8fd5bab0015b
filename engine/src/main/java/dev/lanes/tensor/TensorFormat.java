package dev.lanes.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch-style printing, following {@code torch/_tensor_str.py} with its default print options: 4 decimals,
 * scientific notation when magnitudes span more than 1000x (or leave [1e-4, 1e8]), integral tensors as
 * {@code 1.}, lines wrapped at 80 columns, and more than 1000 elements summarised by 3 edge items per dimension.
 */
final class TensorFormat {

    private static final String PREFIX = "tensor(";
    private static final int SUMMARIZE_ABOVE = 1000; // PyTorch's print threshold
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] d = t.data;
        int[] shape = t.shapeRef();
        boolean summarize = d.length > SUMMARIZE_ABOVE;
        Style style = Style.of(summarize ? edgeValues(d, shape) : d);
        StringBuilder sb = new StringBuilder(PREFIX);
        if (shape.length == 0) {
            sb.append(style.format(d[0]));
        } else if (d.length == 0) {
            sb.append("[]");
        } else {
            sb.append(render(d, shape, 0, 0, PREFIX.length(), summarize, style));
        }
        if (d.length == 0 && shape.length != 1) { // PyTorch names the shape of empty tensors other than [0]
            sb.append(", size=").append(tuple(shape));
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    /** How every number of one tensor is written: fixed, integral or scientific, padded to one width. */
    private record Style(boolean integral, boolean scientific, int width) {

        static Style of(float[] values) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean integral = true;
            boolean any = false;
            for (float v : values) {
                if (v != 0f && Float.isFinite(v)) {
                    any = true;
                    min = Math.min(min, Math.abs((double) v));
                    max = Math.max(max, Math.abs((double) v));
                    integral &= v == Math.ceil(v);
                }
            }
            if (!any) {
                return new Style(true, false, 1);
            }
            boolean scientific = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
            Style unpadded = new Style(integral, scientific, 0);
            int width = 1;
            for (float v : values) {
                if (v != 0f && Float.isFinite(v)) {
                    width = Math.max(width, unpadded.format(v).length());
                }
            }
            return new Style(integral, scientific, width);
        }

        String format(float v) {
            String s;
            if (Float.isNaN(v)) {
                s = "nan";
            } else if (Float.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else if (scientific) {
                s = exponential(v);
            } else if (integral) {
                s = fixed(v, 0) + ".";
            } else {
                s = fixed(v, PRECISION);
            }
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }

    /** Python's {@code f"{v:.Nf}"}: the exact binary value rounded half-even, keeping the sign of -0. */
    private static String fixed(double v, int decimals) {
        String digits = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return (v < 0 || 1 / v < 0 ? "-" : "") + digits;
    }

    /** Python's {@code f"{v:.4e}"}, e.g. {@code 1.2346e+04}. */
    private static String exponential(double v) {
        BigDecimal abs = new BigDecimal(Math.abs(v));
        int exponent = 0;
        String mantissa = "0." + "0".repeat(PRECISION);
        if (abs.signum() != 0) {
            BigDecimal rounded = abs.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
            mantissa = rounded.movePointLeft(exponent).setScale(PRECISION, RoundingMode.UNNECESSARY).toPlainString();
        }
        String exp = String.valueOf(Math.abs(exponent));
        return (v < 0 || 1 / v < 0 ? "-" : "") + mantissa + (exponent < 0 ? "e-" : "e+")
                + (exp.length() < 2 ? "0" + exp : exp);
    }

    private static String render(float[] d, int[] shape, int dim, int offset, int indent, boolean summarize,
                                 Style style) {
        int size = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        boolean elide = summarize && size > 2 * EDGE_ITEMS;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (elide && i == EDGE_ITEMS) {
                parts.add(dim == shape.length - 1 ? " ..." : "...");
                i = size - EDGE_ITEMS;
            }
            parts.add(dim == shape.length - 1 ? style.format(d[offset + i])
                    : render(d, shape, dim + 1, offset + i * stride, indent + 1, summarize, style));
        }
        if (dim < shape.length - 1) {
            return "[" + String.join("," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1), parts) + "]";
        }
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (style.width() + 2)); // ", " after each element
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += perLine) {
            lines.add(String.join(", ", parts.subList(i, Math.min(parts.size(), i + perLine))));
        }
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    /** The values a summarised print shows: the first and last EDGE_ITEMS along every dimension. */
    private static float[] edgeValues(float[] d, int[] shape) {
        List<Float> kept = new ArrayList<>();
        collectEdges(d, shape, 0, 0, kept);
        float[] out = new float[kept.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = kept.get(i);
        }
        return out;
    }

    private static void collectEdges(float[] d, int[] shape, int dim, int offset, List<Float> kept) {
        if (dim == shape.length) {
            kept.add(d[offset]);
            return;
        }
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (shape[dim] > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                i = shape[dim] - EDGE_ITEMS;
            }
            collectEdges(d, shape, dim + 1, offset + i * stride, kept);
        }
    }

    private static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
