package dev.lanes.layers;

import dev.lanes.kernel.Kernels;
import dev.lanes.nn.FusableNorm;
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
 * weight only. The rows run on the kernel ({@link dev.lanes.kernel.Kernel#layerNormForward},
 * {@link dev.lanes.kernel.Kernel#layerNormBackward}): mean and variance summed in double, two passes per row, so
 * rows far from zero keep their digits (mean 1000, spread 0.01: float32 PyTorch is 0.44 off there); outputs and
 * gradients within a few float roundings of the values worked in double. The backward pass is written out rather
 * than composed of tensor ops. Over one last dimension, right after a dense layer (before its activation), a
 * {@link dev.lanes.nn.DenseStack} plan, and so {@code TrainStep} and the predictor, runs it through the same code
 * ({@link FusableNorm}). At [128, 512], one thread: forward 132 → 30 µs, forward + backward 327 → 130 µs
 * (PyTorch 29 and 125; LayerBenchmark, bench/README.md).
 */
public final class LayerNorm extends Module implements SpecWritable, FusableNorm {

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
        Statistics stats = new Statistics(x.length / rowLength, rowLength); // kept, as PyTorch keeps mean and rstd
        float[] y = new float[x.length];
        normalize(x, y, stats.mean.length, stats);
        return CustomOp.result("NativeLayerNormBackward", y, input.shape(),
                g -> backwardRows(g, x, CustomOp.gradOf(input), stats.mean.length, stats), inputs(input));
    }

    /** Only over one last dimension: a 2-D input {@code [rows, normalized_shape[0]]}. */
    @Override
    public boolean normalizesRowsOf(int width) {
        return normalizedShape.length == 1 && normalizedShape[0] == width;
    }

    /** Each row is normalised by its own statistics, in any mode. */
    @Override
    public boolean usesBatchStatistics() {
        return false;
    }

    @Override
    public FusableNorm.Scratch newScratch(int rows) {
        return new Statistics(rows, rowLength);
    }

    @Override
    public void forward(float[] x, float[] y, int rows, FusableNorm.Scratch scratch) {
        normalize(x, y, rows, (Statistics) scratch);
    }

    @Override
    public void backward(float[] gradOutput, float[] x, float[] gradInput, int rows, FusableNorm.Scratch scratch) {
        backwardRows(gradOutput, x, gradInput, rows, (Statistics) scratch);
    }

    /** The same options over copies of the weight and bias. */
    @Override
    public LayerNorm frozenCopy() {
        LayerNorm copy = new LayerNorm(normalizedShape, eps, weight != null, bias != null);
        copy.loadStateDict(stateDict());
        copy.train(isTraining());
        return copy;
    }

    /**
     * One forward's row statistics, kept for its backward, and the backward's parameter sums: the module's forward
     * makes one per call, a {@link dev.lanes.nn.DenseStack} plan reuses one per workspace.
     */
    private static final class Statistics implements FusableNorm.Scratch {
        final double[] mean;
        final double[] rstd;
        final double[] weightSums;
        final double[] biasSums;

        Statistics(int rows, int rowLength) {
            mean = new double[rows];
            rstd = new double[rows];
            weightSums = new double[rowLength];
            biasSums = new double[rowLength];
        }
    }

    private void normalize(float[] x, float[] y, int rows, Statistics s) {
        Kernels.get().layerNormForward(x, weight == null ? null : weight.storage(), bias == null ? null
                : bias.storage(), eps, y, s.mean, s.rstd, rows, rowLength);
    }

    /**
     * The kernel's backward, adding into {@code gx} (none when null); the parameter gradients are summed over the
     * rows in double, then added once.
     */
    private void backwardRows(float[] g, float[] x, float[] gx, int rows, Statistics s) {
        float[] gw = weight == null ? null : CustomOp.gradOf(weight);
        float[] gb = bias == null ? null : CustomOp.gradOf(bias);
        Arrays.fill(s.weightSums, 0.0); // the kernel adds into them
        Arrays.fill(s.biasSums, 0.0);
        Kernels.get().layerNormBackward(g, x, weight == null ? null : weight.storage(), s.mean, s.rstd, gx,
                gw == null ? null : s.weightSums, gb == null ? null : s.biasSums, rows, rowLength);
        addInto(gw, s.weightSums);
        addInto(gb, s.biasSums);
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

    /** As PyTorch 2.13 prints it: {@code (64,), eps=1e-05, elementwise_affine=True, bias=True}. */
    @Override
    protected String extraRepr() {
        String tuple = "(" + String.join(", ", Arrays.stream(normalizedShape).mapToObj(Integer::toString).toList())
                + (normalizedShape.length == 1 ? ",)" : ")");
        return tuple + ", eps=" + PythonRepr.of(eps) + ", elementwise_affine=" + PythonRepr.of(weight != null)
                + ", bias=" + PythonRepr.of(bias != null);
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
