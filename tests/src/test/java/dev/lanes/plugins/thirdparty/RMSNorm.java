package dev.lanes.plugins.thirdparty;

import dev.lanes.nn.FusableNorm;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A third-party layer written against the public API only: PyTorch's {@code nn.RMSNorm} over the last dimension,
 * {@code y = x / √(mean(x²) + eps) · weight}, weight starting at ones. {@code eps} defaults to float32's machine
 * epsilon, what PyTorch's {@code eps=None} uses on float32 input. The module forward and the {@link FusableNorm}
 * stage of a {@code DenseStack} plan run the same two row loops below, so {@code TrainStep} gives the autograd
 * path's numbers.
 */
public final class RMSNorm extends Module implements FusableNorm, SpecWritable {

    public static final float DEFAULT_EPS = Math.ulp(1f);

    private final int features;
    private final float eps;
    private final Tensor weight; // null without elementwise affine

    public RMSNorm(int features, float eps, boolean elementwiseAffine) {
        if (features <= 0 || !(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("rmsnorm: need features > 0 and a finite eps >= 0, got features="
                    + features + ", eps=" + eps);
        }
        this.features = features;
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(features)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != features) {
            throw new IllegalArgumentException("RMSNorm(" + features + "): expected an input whose last dimension is "
                    + features + ", got shape " + Arrays.toString(shape));
        }
        float[] x = input.storage();
        int rows = x.length / features;
        Stats stats = new Stats(rows, features);
        float[] y = new float[x.length];
        normalize(x, y, rows, stats);
        Tensor[] inputs = weight == null ? new Tensor[] {input} : new Tensor[] {input, weight};
        return CustomOp.result("RMSNormBackward", y, shape,
                g -> backwardRows(g, x, CustomOp.gradOf(input), rows, stats), inputs);
    }

    /** One forward's reciprocal root mean squares, and the backward's weight-gradient sums. */
    private static final class Stats implements FusableNorm.Scratch {
        final double[] rstd;
        final double[] weightSums;

        Stats(int rows, int features) {
            rstd = new double[rows];
            weightSums = new double[features];
        }
    }

    private void normalize(float[] x, float[] y, int rows, Stats s) {
        float[] w = weight == null ? null : weight.storage();
        for (int r = 0, o = 0; r < rows; r++, o += features) {
            double squares = 0;
            for (int j = 0; j < features; j++) {
                squares += (double) x[o + j] * x[o + j];
            }
            double rstd = 1.0 / Math.sqrt(squares / features + eps);
            s.rstd[r] = rstd;
            for (int j = 0; j < features; j++) {
                y[o + j] = (float) (x[o + j] * rstd * (w == null ? 1.0 : w[j]));
            }
        }
    }

    /** dx = rstd·g·w − rstd³/n·x·Σ(g·w·x), added into {@code gx} (none when null); dw = Σ_rows g·x·rstd. */
    private void backwardRows(float[] g, float[] x, float[] gx, int rows, Stats s) {
        float[] w = weight == null ? null : weight.storage();
        float[] gw = weight == null ? null : CustomOp.gradOf(weight);
        Arrays.fill(s.weightSums, 0.0);
        for (int r = 0, o = 0; r < rows; r++, o += features) {
            double rstd = s.rstd[r];
            double dot = 0;
            for (int j = 0; j < features; j++) {
                dot += (double) g[o + j] * (w == null ? 1.0 : w[j]) * x[o + j];
            }
            double c = rstd * rstd * rstd * dot / features;
            for (int j = 0; j < features; j++) {
                if (gx != null) {
                    gx[o + j] += (float) (rstd * g[o + j] * (w == null ? 1.0 : w[j]) - c * x[o + j]);
                }
                s.weightSums[j] += (double) g[o + j] * x[o + j] * rstd;
            }
        }
        if (gw != null) {
            for (int j = 0; j < features; j++) {
                gw[j] += (float) s.weightSums[j];
            }
        }
    }

    @Override
    public boolean normalizesRowsOf(int width) {
        return width == features;
    }

    @Override
    public boolean usesBatchStatistics() {
        return false;
    }

    @Override
    public FusableNorm.Scratch newScratch(int rows) {
        return new Stats(rows, features);
    }

    @Override
    public void forward(float[] x, float[] y, int rows, FusableNorm.Scratch scratch) {
        normalize(x, y, rows, (Stats) scratch);
    }

    @Override
    public void backward(float[] gradOutput, float[] x, float[] gradInput, int rows, FusableNorm.Scratch scratch) {
        backwardRows(gradOutput, x, gradInput, rows, (Stats) scratch);
    }

    @Override
    public RMSNorm frozenCopy() {
        RMSNorm copy = new RMSNorm(features, eps, weight != null);
        copy.loadStateDict(stateDict());
        copy.train(isTraining());
        return copy;
    }

    @Override
    protected String extraRepr() {
        return "(" + features + ",), eps=" + (eps == DEFAULT_EPS ? "None" : eps) + ", elementwise_affine="
                + (weight != null ? "True" : "False");
    }

    @Override
    public String specName() {
        return "rmsnorm";
    }

    @Override
    public Options specOptions() {
        Options o = Options.of("normalized_shape", features);
        if (eps != DEFAULT_EPS) {
            o = o.with("eps", eps);
        }
        return weight == null ? o.with("elementwise_affine", false) : o;
    }

    /** {@code rmsnorm(normalized_shape, eps, elementwise_affine)}, PyTorch's argument order. */
    public static final class Provider implements LayerProvider {

        @Override
        public String name() {
            return "rmsnorm";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("normalized_shape", "eps", "elementwise_affine");
        }

        @Override
        public Module create(Options o) {
            return new RMSNorm(o.requireInt("normalized_shape"), o.getFloat("eps", DEFAULT_EPS),
                    o.getBoolean("elementwise_affine", true));
        }

        @Override
        public Optional<Map<String, int[]>> parameterShapes(Options o) {
            return Optional.of(o.getBoolean("elementwise_affine", true)
                    ? Map.of("weight", new int[] {o.requireInt("normalized_shape")}) : Map.of());
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("normalized_shape", 5), Tensor.randn(rng, 3, 5));
        }
    }
}
