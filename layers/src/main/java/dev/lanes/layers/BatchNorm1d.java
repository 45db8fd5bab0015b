package dev.lanes.layers;

import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.FoldableNorm;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code nn.BatchNorm1d}: each channel of an input {@code [batch, C]} or {@code [batch, C, length]} is
 * normalised to zero mean and unit variance, then scaled by {@code weight} and shifted by {@code bias} (both
 * {@code [C]}, starting at 1 and 0; absent without {@code affine}). In training mode the statistics are the batch's
 * (the biased variance), and the buffers {@code running_mean} and {@code running_var} move towards them by
 * {@code momentum} (the variance's unbiased estimate, as PyTorch) while {@code num_batches_tracked} counts the
 * batches; a null momentum makes the running statistics the plain average over all batches so far. In evaluation
 * mode the running statistics are used. Without {@code trackRunningStats} there are no buffers and the batch's
 * statistics are used in both modes. The per-channel loops run on the kernel ({@link Kernel#columnMoments} and the
 * rest), sums and normalisation in double; only the output is allocated per call, x̂ being worked out again in the
 * backward pass. At [128, 512] in training mode, one thread: forward 96 → 45 µs, forward + backward 190 → 129 µs
 * (PyTorch 47 and 800; LayerBenchmark, bench/README.md).
 */
public final class BatchNorm1d extends Module implements SpecWritable, BatchDependent, FoldableNorm {

    public static final float DEFAULT_EPS = 1e-5f;
    public static final Float DEFAULT_MOMENTUM = 0.1f;

    private final int numFeatures;
    private final float eps;
    private final Float momentum; // null: cumulative average
    private final Tensor weight; // null without affine, as bias
    private final Tensor bias;
    private final Tensor runningMean; // null without tracking, as the other two buffers
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true);
    }

    /**
     * @param momentum the weight of each new batch in the running statistics, in [0, 1]; null for the cumulative
     *                 average (PyTorch's {@code momentum=None})
     */
    public BatchNorm1d(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("BatchNorm1d: num_features must be positive, got " + numFeatures);
        }
        if (!(eps > 0f) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("BatchNorm1d: eps must be a positive number, got " + eps);
        }
        if (momentum != null && !(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1] (or none), got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = trackRunningStats ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        this.runningVar = trackRunningStats ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        this.numBatchesTracked = trackRunningStats ? registerInt64Buffer("num_batches_tracked", Tensor.scalar(0f))
                : null;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The scale, or {@code null} without affine. */
    public Tensor weight() {
        return weight;
    }

    /** The shift, or {@code null} without affine. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean, or {@code null} without tracking. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, or {@code null} without tracking. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Training mode, or no running statistics to use: each batch is normalised by its own mean and variance. */
    private boolean usesBatchStatistics() {
        return isTraining() || runningMean == null;
    }

    /**
     * For {@code [batch, C]} input: two rows when it normalises by batch statistics (the variance of one value is
     * 0 / 0), else any batch. {@link #forward} asks for more than one value per channel, {@code batch × length}
     * for {@code [batch, C, length]} input, so there one row with a length above 1 is enough, as in PyTorch.
     */
    @Override
    public int minimumBatchRows() {
        return usesBatchStatistics() ? 2 : 1;
    }

    /** In eval mode with running statistics it is the fixed map x·scale + shift. */
    @Override
    public boolean foldable() {
        return !usesBatchStatistics();
    }

    @Override
    public int features() {
        return numFeatures;
    }

    /** scale = weight / √(running_var + eps), shift = bias − running_mean · scale (weight 1, bias 0 without affine). */
    @Override
    public void affine(double[] scale, double[] shift) {
        if (!foldable()) {
            throw new IllegalStateException("BatchNorm1d: normalises by batch statistics now (training mode, or no"
                    + " running statistics): not a fixed affine map");
        }
        float[] mean = runningMean.storage();
        float[] var = runningVar.storage();
        for (int c = 0; c < numFeatures; c++) {
            double gamma = weight == null ? 1.0 : weight.storage()[c];
            double beta = bias == null ? 0.0 : bias.storage()[c];
            scale[c] = gamma / Math.sqrt(var[c] + (double) eps);
            shift[c] = beta - mean[c] * scale[c];
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        if ((shape.length != 2 && shape.length != 3) || shape[1] != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d: expected input [batch, " + numFeatures + "] or [batch, "
                    + numFeatures + ", length], got " + Arrays.toString(shape));
        }
        int length = shape.length == 3 ? shape[2] : 1;
        int perChannel = shape[0] * length;
        boolean batchStats = usesBatchStatistics();
        if (batchStats && perChannel <= 1) { // the batch variance would be 0 / 0
            throw new IllegalArgumentException("BatchNorm1d: expected more than 1 value per channel when training,"
                    + " got input " + Arrays.toString(shape) + "; use batches of 2 or more rows (a batch size that"
                    + " leaves no last batch of 1)" + (runningMean == null
                    ? "; without running statistics (track_running_stats=false) it normalises by the batch in eval"
                    + " mode too" : ", or eval mode"));
        }
        Kernel kernel = Kernels.get();
        float[] x = length == 1 ? input.storage() : ChannelLayout.toRows(input.storage(), shape[0], numFeatures, length);
        double[] mean = batchStats ? new double[numFeatures] : doubles(runningMean);
        double[] variance = batchStats ? new double[numFeatures] : doubles(runningVar);
        if (batchStats) {
            kernel.columnMoments(x, mean, variance, perChannel, numFeatures); // the biased variance
        }
        double[] invStd = new double[numFeatures];
        for (int c = 0; c < numFeatures; c++) {
            invStd[c] = 1.0 / Math.sqrt(variance[c] + eps);
        }
        if (batchStats && isTraining() && runningMean != null) {
            updateRunningStats(mean, variance, perChannel);
        }
        double[] scale = affine() ? scaled(doubles(weight), invStd) : invStd;
        double[] shift = affine() ? doubles(bias) : new double[numFeatures];
        float[] out = new float[x.length];
        kernel.normalizeColumns(x, mean, scale, shift, out, perChannel, numFeatures);
        if (length > 1) {
            float[] back = new float[out.length];
            ChannelLayout.addFromRows(out, back, shape[0], numFeatures, length);
            out = back;
        }
        // x (in rows of channels), mean and invStd are kept: the backward pass works x̂ out again, as PyTorch does
        CustomOp.Backward backward = g -> backward(g, x, mean, invStd, batchStats, input);
        return affine()
                ? CustomOp.result("NativeBatchNormBackward", out, shape, backward, input, weight, bias)
                : CustomOp.result("NativeBatchNormBackward", out, shape, backward, input);
    }

    private boolean affine() {
        return weight != null;
    }

    /** PyTorch's update: {@code running = (1 - f) * running + f * batch}, the variance unbiased by n / (n - 1). */
    private void updateRunningStats(double[] mean, double[] biasedVariance, int perChannel) {
        float[] count = numBatchesTracked.storage();
        count[0] += 1f;
        numBatchesTracked.markModified();
        double factor = momentum == null ? 1.0 / count[0] : momentum;
        float[] rm = runningMean.storage();
        float[] rv = runningVar.storage();
        double unbias = perChannel / (perChannel - 1.0);
        for (int c = 0; c < numFeatures; c++) {
            rm[c] = (float) (factor * mean[c] + (1 - factor) * rm[c]);
            rv[c] = (float) (factor * biasedVariance[c] * unbias + (1 - factor) * rv[c]);
        }
        runningMean.markModified();
        runningVar.markModified();
    }

    /**
     * With batch statistics the mean and variance depend on every input of the channel:
     * {@code dx = w·invStd/n · (n·g - Σg - x̂·Σ(g·x̂))}; with running statistics {@code dx = w·invStd·g}. Both
     * give {@code dw = Σ g·x̂} and {@code db = Σ g}.
     */
    private void backward(float[] gradOutput, float[] x, double[] mean, double[] invStd, boolean batchStats,
                          Tensor input) {
        int[] shape = input.shape();
        int length = shape.length == 3 ? shape[2] : 1;
        int rows = x.length / numFeatures;
        Kernel kernel = Kernels.get();
        float[] g = length == 1 ? gradOutput : ChannelLayout.toRows(gradOutput, shape[0], numFeatures, length);
        double[] sumG = new double[numFeatures];
        double[] sumGx = new double[numFeatures];
        kernel.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, numFeatures);
        if (affine()) {
            addInto(CustomOp.gradOf(weight), sumGx);
            addInto(CustomOp.gradOf(bias), sumG);
        }
        float[] gx = CustomOp.gradOf(input);
        if (gx == null) {
            return;
        }
        double[] scale = affine() ? scaled(doubles(weight), invStd) : invStd;
        double[] meanG = batchStats ? scaled(sumG, 1.0 / rows) : new double[numFeatures];
        double[] meanGx = batchStats ? scaled(sumGx, 1.0 / rows) : new double[numFeatures];
        if (length == 1) {
            kernel.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, numFeatures);
        } else {
            float[] inRows = new float[g.length];
            kernel.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, inRows, rows, numFeatures);
            ChannelLayout.addFromRows(inRows, gx, shape[0], numFeatures, length);
        }
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    private static double[] scaled(double[] values, double[] factors) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factors[i];
        }
        return out;
    }

    private static double[] doubles(Tensor t) {
        float[] v = t.storage();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static void addInto(float[] grad, double[] values) {
        if (grad != null) {
            for (int c = 0; c < values.length; c++) {
                grad[c] += (float) values[c];
            }
        }
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PythonRepr.of(eps) + ", momentum="
                + (momentum == null ? "None" : PythonRepr.of(momentum)) + ", affine=" + PythonRepr.of(affine())
                + ", bias=" + PythonRepr.of(affine()) + ", track_running_stats=" + PythonRepr.of(runningMean != null);
    }

    @Override
    public String specName() {
        return "batchnorm1d";
    }

    @Override
    public Options specOptions() {
        Options o = Options.of("num_features", numFeatures);
        if (eps != DEFAULT_EPS) {
            o = o.with("eps", eps);
        }
        if (momentum == null) {
            o = o.with("momentum", Provider.NONE);
        } else if (!momentum.equals(DEFAULT_MOMENTUM)) {
            o = o.with("momentum", momentum);
        }
        if (!affine()) {
            o = o.with("affine", false);
        }
        return runningMean == null ? o.with("track_running_stats", false) : o;
    }

    /** {@code batchnorm1d(num_features, eps=1e-5, momentum=0.1 (or none), affine=true, track_running_stats=true)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {

        static final String NONE = "none";

        public Provider() {
            super("batchnorm1d", "num_features", "eps", "momentum", "affine", "track_running_stats");
        }

        @Override
        public Module create(Options o) {
            return new BatchNorm1d(o.requireInt("num_features"), o.getFloat("eps", DEFAULT_EPS), momentum(o),
                    o.getBoolean("affine", true), o.getBoolean("track_running_stats", true));
        }

        private static Float momentum(Options o) {
            String m = o.getString("momentum", null);
            return m != null && m.strip().toLowerCase(Locale.ROOT).equals(NONE) ? null
                    : o.getFloat("momentum", DEFAULT_MOMENTUM);
        }

        @Override
        public Optional<Map<String, int[]>> parameterShapes(Options o) {
            int c = o.requireInt("num_features");
            Map<String, int[]> shapes = new LinkedHashMap<>(); // in state-dict order: parameters, then buffers
            if (o.getBoolean("affine", true)) {
                shapes.put("weight", new int[] {c});
                shapes.put("bias", new int[] {c});
            }
            if (o.getBoolean("track_running_stats", true)) {
                shapes.put("running_mean", new int[] {c});
                shapes.put("running_var", new int[] {c});
                shapes.put("num_batches_tracked", new int[0]);
            }
            return Optional.of(shapes);
        }

        /**
         * Training mode (a new module's), so the check covers the batch statistics' gradient. The momentum is drawn
         * first: the contract projects the output on normal numbers drawn from the same seed, and were the input
         * those very numbers, the input gradient would be 0 whatever the backward pass's mean and variance terms.
         */
        @Override
        public LayerSample sample(RandomGenerator rng) {
            float momentum = 0.05f + 0.5f * rng.nextFloat();
            return new LayerSample(Options.of("num_features", 3, "momentum", momentum), Tensor.randn(rng, 5, 3));
        }
    }
}
