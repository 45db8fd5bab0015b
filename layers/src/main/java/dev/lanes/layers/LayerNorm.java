package dev.lanes.layers;

import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code nn.LayerNorm}: {@code y = (x - mean) / √(var + eps) · weight + bias}, mean and biased variance
 * taken over the last dimensions of the input, those of {@code normalized_shape} (usually one, the features).
 * Weight starts at ones and bias at zeros, both of shape {@code normalized_shape}; without
 * {@code elementwise_affine} there are neither, and {@code bias=false} (PyTorch's {@code bias=False}) keeps the
 * weight only. Mean and variance are summed in double, two passes per row, so rows far from zero keep their digits;
 * the backward pass is written out rather than composed of tensor ops.
 */
public final class LayerNorm extends Module implements SpecWritable {

    public static final float DEFAULT_EPS = 1e-5f;

    private final int[] normalizedShape;
    private final int rowLength; // the product of normalizedShape: the values one mean and variance cover
    private final float eps;
    private final Tensor weight; // null without elementwise affine
    private final Tensor bias;   // null without elementwise affine or with bias=false

    /** Normalises over a last dimension of {@code features}, with eps 1e-5, weight and bias. */
    public LayerNorm(int features) {
        this(new int[] {features}, DEFAULT_EPS, true, true);
    }

    public LayerNorm(int features, float eps, boolean elementwiseAffine) {
        this(new int[] {features}, eps, elementwiseAffine, true);
    }

    /**
     * @param normalizedShape the sizes of the input's last dimensions that one mean and variance cover
     * @param bias            whether an elementwise-affine layer adds a bias (ignored without elementwise affine)
     */
    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine, boolean bias) {
        this.rowLength = checkedRowLength(normalizedShape);
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be a positive finite number, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine && bias ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    private static int checkedRowLength(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape must name at least one dimension, got []");
        }
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape must hold positive sizes, got "
                        + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape " + Arrays.toString(shape)
                        + " covers more than " + Integer.MAX_VALUE + " values");
            }
        }
        return (int) n;
    }

    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    public float eps() {
        return eps;
    }

    /** The weight, or {@code null} without elementwise affine. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} without elementwise affine or with {@code bias=false}. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        float[] x = input.storage();
        float[] w = weight == null ? null : weight.storage();
        float[] b = bias == null ? null : bias.storage();
        int rows = x.length / rowLength;
        float[] y = new float[x.length];
        double[] mean = new double[rows]; // kept for the backward pass, as PyTorch keeps mean and rstd
        double[] rstd = new double[rows];
        for (int r = 0, off = 0; r < rows; r++, off += rowLength) {
            double m = rowMean(x, off);
            double s = 1.0 / Math.sqrt(rowVariance(x, off, m) + eps);
            mean[r] = m;
            rstd[r] = s;
            normaliseRow(x, off, m, s, w, b, y);
        }
        return CustomOp.result("NativeLayerNormBackward", y, input.shape(),
                g -> backward(g, x, w, mean, rstd, input), inputs(input));
    }

    private double rowMean(float[] x, int off) {
        return rowSum(x, off, 0.0, false) / rowLength;
    }

    /** The biased variance: squares of the distances from the mean, so no digits cancel as in E[x²] - mean². */
    private double rowVariance(float[] x, int off, double mean) {
        return rowSum(x, off, mean, true) / rowLength;
    }

    /**
     * Σ (x - center) or Σ (x - center)² over one row, in four partial sums: one running double sum waits ~4 cycles per
     * element on the previous add, four independent ones overlap (with normaliseRow's float tail, forward at
     * [128, 512] went from 188 to 132 µs, LayerBenchmark).
     */
    private double rowSum(float[] x, int off, double center, boolean squares) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 4 <= rowLength; j += 4) {
            double d0 = x[off + j] - center;
            double d1 = x[off + j + 1] - center;
            double d2 = x[off + j + 2] - center;
            double d3 = x[off + j + 3] - center;
            s0 += squares ? d0 * d0 : d0;
            s1 += squares ? d1 * d1 : d1;
            s2 += squares ? d2 * d2 : d2;
            s3 += squares ? d3 * d3 : d3;
        }
        for (; j < rowLength; j++) {
            double d = x[off + j] - center;
            s0 += squares ? d * d : d;
        }
        return s0 + s1 + s2 + s3;
    }

    /**
     * y = x̂·weight + bias for one row, one loop per case so none tests for a missing parameter per element. The
     * distance from the mean is taken in double (a row far from 0 with a small spread keeps its digits), the rest
     * in float.
     */
    private void normaliseRow(float[] x, int off, double m, double s, float[] w, float[] b, float[] y) {
        float sf = (float) s;
        if (w == null) {
            for (int j = 0; j < rowLength; j++) {
                y[off + j] = (float) (x[off + j] - m) * sf;
            }
        } else if (b == null) {
            for (int j = 0; j < rowLength; j++) {
                y[off + j] = (float) (x[off + j] - m) * sf * w[j];
            }
        } else {
            for (int j = 0; j < rowLength; j++) {
                y[off + j] = (float) (x[off + j] - m) * sf * w[j] + b[j];
            }
        }
    }

    /**
     * With x̂ = (x - mean)·rstd and dx̂ = g·weight: dbias = Σ_rows g, dweight = Σ_rows g·x̂, and per row
     * dx = rstd·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)). The parameter sums run in double across rows.
     */
    private void backward(float[] g, float[] x, float[] w, double[] mean, double[] rstd, Tensor input) {
        float[] gx = CustomOp.gradOf(input);
        float[] gw = weight == null ? null : CustomOp.gradOf(weight);
        float[] gb = bias == null ? null : CustomOp.gradOf(bias);
        double[] sumW = gw == null ? null : new double[rowLength];
        double[] sumB = gb == null ? null : new double[rowLength];
        for (int r = 0, off = 0; r < mean.length; r++, off += rowLength) {
            double m = mean[r];
            double s = rstd[r];
            double sumD = 0;  // Σ dx̂
            double sumDX = 0; // Σ dx̂·x̂
            for (int j = 0; j < rowLength; j++) {
                double xhat = (x[off + j] - m) * s;
                double gj = g[off + j];
                double d = w == null ? gj : gj * w[j];
                sumD += d;
                sumDX += d * xhat;
                if (sumW != null) {
                    sumW[j] += gj * xhat;
                }
                if (sumB != null) {
                    sumB[j] += gj;
                }
            }
            if (gx != null) {
                double meanD = sumD / rowLength;
                double meanDX = sumDX / rowLength;
                for (int j = 0; j < rowLength; j++) {
                    double xhat = (x[off + j] - m) * s;
                    double d = w == null ? g[off + j] : (double) g[off + j] * w[j];
                    gx[off + j] += (float) (s * (d - meanD - xhat * meanDX));
                }
            }
        }
        addInto(gw, sumW);
        addInto(gb, sumB);
    }

    private static void addInto(float[] grad, double[] sums) {
        if (grad != null) {
            for (int j = 0; j < sums.length; j++) {
                grad[j] += (float) sums[j];
            }
        }
    }

    /** The op's inputs: the input, then the parameters this layer has. */
    private Tensor[] inputs(Tensor input) {
        List<Tensor> in = new ArrayList<>(3);
        in.add(input);
        in.addAll(parameters());
        return in.toArray(Tensor[]::new);
    }

    private void checkInput(Tensor input) {
        int[] shape = input.shape();
        int k = normalizedShape.length;
        boolean fits = shape.length >= k
                && Arrays.equals(shape, shape.length - k, shape.length, normalizedShape, 0, k);
        if (!fits) {
            String expected = k == 1 ? "last dimension is " + normalizedShape[0]
                    : "last " + k + " dimensions are " + Arrays.toString(normalizedShape);
            throw new IllegalArgumentException("LayerNorm(" + shapeText() + "): expected an input whose " + expected
                    + ", got shape " + Arrays.toString(shape));
        }
    }

    /** {@code 64} or {@code [4,8]}: the spec's form of normalized_shape. */
    private String shapeText() {
        if (normalizedShape.length == 1) {
            return Integer.toString(normalizedShape[0]);
        }
        return Arrays.toString(normalizedShape).replace(" ", "");
    }

    /** As PyTorch prints it: {@code (64,), eps=1.0E-5, elementwise_affine=True} (the eps in Java's spelling). */
    @Override
    protected String extraRepr() {
        String tuple = "(" + String.join(", ", Arrays.stream(normalizedShape).mapToObj(Integer::toString).toList())
                + (normalizedShape.length == 1 ? ",)" : ")");
        return tuple + ", eps=" + eps + ", elementwise_affine=" + (weight != null ? "True" : "False")
                + (weight != null && bias == null ? ", bias=False" : "");
    }

    @Override
    public String specName() {
        return "layernorm";
    }

    @Override
    public Options specOptions() {
        Options o = Options.of("normalized_shape", shapeText());
        if (eps != DEFAULT_EPS) {
            o = o.with("eps", eps);
        }
        if (weight == null) {
            return o.with("elementwise_affine", false);
        }
        return bias == null ? o.with("bias", false) : o;
    }

    /**
     * {@code layernorm(normalized_shape, eps=1e-5, elementwise_affine=true, bias=true)}, PyTorch's argument order;
     * normalized_shape is a size ({@code 64}) or a list of sizes ({@code [4,8]}).
     */
    public static final class Provider extends BuiltinProvider implements LayerProvider {

        public Provider() {
            super("layernorm", "normalized_shape", "eps", "elementwise_affine", "bias");
        }

        @Override
        public Module create(Options o) {
            return new LayerNorm(shape(o), o.getFloat("eps", DEFAULT_EPS), o.getBoolean("elementwise_affine", true),
                    o.getBoolean("bias", true));
        }

        @Override
        public Optional<Map<String, int[]>> parameterShapes(Options o) {
            int[] shape = shape(o);
            checkedRowLength(shape);
            Map<String, int[]> shapes = new LinkedHashMap<>(); // weight first, as the state dict lists them
            if (o.getBoolean("elementwise_affine", true)) {
                shapes.put("weight", shape);
                if (o.getBoolean("bias", true)) {
                    shapes.put("bias", shape.clone());
                }
            }
            return Optional.of(shapes);
        }

        /** normalized_shape as sizes: {@code 64}, {@code [4,8]}, {@code (4,8)} or {@code 4,8}. */
        private static int[] shape(Options o) {
            String text = o.getString("normalized_shape", null);
            if (text == null) {
                throw new IllegalArgumentException("layernorm: missing required option 'normalized_shape'");
            }
            String[] parts = text.replaceAll("[()\\[\\]]", "").strip().split("\\s*,\\s*|\\s+");
            int[] shape = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    shape[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("layernorm: option 'normalized_shape' must be a size or a list "
                            + "of sizes such as [4,8], got '" + text + "'");
                }
            }
            return shape;
        }

        /** Rows of a 3-D input with a spread of at least a few units, so the finite differences see little curvature. */
        @Override
        public LayerSample sample(RandomGenerator rng) {
            int features = 5;
            Tensor x = Tensor.randn(rng, 2, 3, features);
            float[] v = x.storage();
            for (int i = 0; i < v.length; i++) {
                v[i] += (i % features) - (features - 1) / 2f;
            }
            return new LayerSample(Options.of("normalized_shape", features), x);
        }
    }
}
