package dev.lanes.layers;

import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.FoldableNorm;
import dev.lanes.nn.FusableNorm;
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
 * rest), sums and normalisation in double; only the output and the per-channel statistics are allocated per call,
 * x̂ being worked out again in the backward pass. Right after a dense layer (before its activation) a
 * {@link dev.lanes.nn.DenseStack} plan, and so {@code TrainStep}, runs it through the same code
 * ({@link FusableNorm}), its statistics kept in the plan's workspace. At [128, 512] in training mode, one thread: forward 96 → 45 µs, forward + backward 190 → 129 µs
 * (PyTorch 47 and 800; LayerBenchmark, bench/README.md).
 */
public final class BatchNorm1d extends Module implements SpecWritable, BatchDependent, FoldableNorm, FusableNorm {

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
    @Override
    public boolean usesBatchStatistics() {
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
        checkValuesPerChannel(shape, shape[0] * length);
        float[] x = length == 1 ? input.storage() : ChannelLayout.toRows(input.storage(), shape[0], numFeatures, length);
        Statistics stats = new Statistics(numFeatures); // kept for the backward pass, as x (in rows of channels)
        float[] out = new float[x.length];
        normalize(x, out, x.length / numFeatures, stats);
        if (length > 1) {
            float[] back = new float[out.length];
            ChannelLayout.addFromRows(out, back, shape[0], numFeatures, length);
            out = back;
        }
        CustomOp.Backward backward = g -> backward(g, x, stats, input); // x̂ is worked out again, as PyTorch does
        return affine()
                ? CustomOp.result("NativeBatchNormBackward", out, shape, backward, input, weight, bias)
                : CustomOp.result("NativeBatchNormBackward", out, shape, backward, input);
    }

    /** Batch statistics need more than one value per channel: the variance of one value is 0 / 0. */
    private void checkValuesPerChannel(int[] shape, int perChannel) {
        if (usesBatchStatistics() && perChannel <= 1) {
            throw new IllegalArgumentException("BatchNorm1d: expected more than 1 value per channel when training,"
                    + " got input " + Arrays.toString(shape) + "; use batches of 2 or more rows (a batch size that"
                    + " leaves no last batch of 1)" + (runningMean == null
                    ? "; without running statistics (track_running_stats=false) it normalises by the batch in eval"
                    + " mode too" : ", or eval mode"));
        }
    }

    @Override
    public boolean normalizesRowsOf(int width) {
        return width == numFeatures;
    }

    @Override
    public FusableNorm.Scratch newScratch(int rows) {
        return new Statistics(numFeatures);
    }

    @Override
    public void forward(float[] x, float[] y, int rows, FusableNorm.Scratch scratch) {
        if (rows <= 1) {
            checkValuesPerChannel(new int[] {rows, numFeatures}, rows);
        }
        normalize(x, y, rows, (Statistics) scratch);
    }

    @Override
    public void backward(float[] gradOutput, float[] x, float[] gradInput, int rows, FusableNorm.Scratch scratch) {
        backwardRows(gradOutput, x, gradInput, rows, (Statistics) scratch);
    }

    /** The same options and mode over copies of the parameters and buffers. */
    @Override
    public BatchNorm1d frozenCopy() {
        BatchNorm1d copy = new BatchNorm1d(numFeatures, eps, momentum, affine(), runningMean != null);
        copy.loadStateDict(stateDict());
        copy.train(isTraining());
        return copy;
    }

    /**
     * One forward's per-channel numbers, kept for its backward: the module's forward makes one per call, a
     * {@link dev.lanes.nn.DenseStack} plan reuses one per workspace; the gradient sums are the backward's scratch.
     */
    private static final class Statistics implements FusableNorm.Scratch {
        final double[] mean;
        final double[] variance;
        final double[] invStd;
        final double[] scale; // weight · invStd (invStd without affine)
        final double[] shift; // bias (0 without affine)
        final double[] sumG;
        final double[] sumGx;
        boolean batchStats;

        Statistics(int channels) {
            mean = new double[channels];
            variance = new double[channels];
            invStd = new double[channels];
            scale = new double[channels];
            shift = new double[channels];
            sumG = new double[channels];
            sumGx = new double[channels];
        }
    }

    /**
     * {@code y = (x - mean)·scale + shift} over {@code rows} rows of channels, with the batch's statistics (updating
     * the running ones in training mode) or the running ones; fills {@code s} for {@link #backwardRows}.
     */
    private void normalize(float[] x, float[] y, int rows, Statistics s) {
        Kernel kernel = Kernels.get();
        s.batchStats = usesBatchStatistics();
        if (s.batchStats) {
            kernel.columnMoments(x, s.mean, s.variance, rows, numFeatures); // the biased variance
        } else {
            copy(runningMean, s.mean);
            copy(runningVar, s.variance);
        }
        for (int c = 0; c < numFeatures; c++) {
            s.invStd[c] = 1.0 / Math.sqrt(s.variance[c] + eps);
            s.scale[c] = affine() ? weight.storage()[c] * s.invStd[c] : s.invStd[c];
            s.shift[c] = affine() ? bias.storage()[c] : 0.0;
        }
        if (s.batchStats && isTraining() && runningMean != null) {
            updateRunningStats(s.mean, s.variance, rows);
        }
        kernel.normalizeColumns(x, s.mean, s.scale, s.shift, y, rows, numFeatures);
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

    /** The module's backward: rows of channels for the kernel, the input gradient back in the input's layout. */
    private void backward(float[] gradOutput, float[] x, Statistics stats, Tensor input) {
        int[] shape = input.shape();
        int length = shape.length == 3 ? shape[2] : 1;
        int rows = x.length / numFeatures;
        float[] g = length == 1 ? gradOutput : ChannelLayout.toRows(gradOutput, shape[0], numFeatures, length);
        float[] gx = CustomOp.gradOf(input);
        if (length == 1 || gx == null) {
            backwardRows(g, x, gx, rows, stats);
        } else {
            float[] inRows = new float[g.length];
            backwardRows(g, x, inRows, rows, stats);
            ChannelLayout.addFromRows(inRows, gx, shape[0], numFeatures, length);
        }
    }

    /**
     * With batch statistics the mean and variance depend on every input of the channel:
     * {@code dx = w·invStd/n · (n·g - Σg - x̂·Σ(g·x̂))}; with running statistics {@code dx = w·invStd·g}. Both
     * give {@code dw = Σ g·x̂} and {@code db = Σ g}. Adds into {@code gx} (none when null) and the parameters' grads.
     */
    private void backwardRows(float[] g, float[] x, float[] gx, int rows, Statistics s) {
        Kernel kernel = Kernels.get();
        kernel.columnGradientSums(g, x, s.mean, s.invStd, s.sumG, s.sumGx, rows, numFeatures);
        if (affine()) {
            addInto(CustomOp.gradOf(weight), s.sumGx);
            addInto(CustomOp.gradOf(bias), s.sumG);
        }
        if (gx == null) {
            return;
        }
        if (s.batchStats) { // the means of g and g·x̂, in place: the sums are not needed again
            double perRow = 1.0 / rows;
            for (int c = 0; c < numFeatures; c++) {
                s.sumG[c] *= perRow;
                s.sumGx[c] *= perRow;
            }
        } else {
            Arrays.fill(s.sumG, 0.0);
            Arrays.fill(s.sumGx, 0.0);
        }
        kernel.columnInputGradient(g, x, s.mean, s.invStd, s.scale, s.sumG, s.sumGx, gx, rows, numFeatures);
    }

    private static void addInto(float[] grad, double[] values) {
        if (grad != null) {
            for (int c = 0; c < values.length; c++) {
                grad[c] += (float) values[c];
            }
        }
    }

    private static void copy(Tensor t, double[] into) {
        float[] v = t.storage();
        for (int i = 0; i < v.length; i++) {
            into[i] = v[i];
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
