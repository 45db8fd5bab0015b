package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernels;
import dev.lanes.kernel.PackedLinear;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Sequential} of dense layers run straight on flat {@code float[]} rows: one fused
 * {@code Kernel.linearForward} per {@link FusableLinear} (with the {@link FusableActivation} that follows it), a
 * {@link FusableNorm} between a dense layer and its activation run by the plan through the layer's own code (the
 * activation then a separate pass after it), a second one after the activation run the same way, a
 * {@link FusableDropout} after a dense layer applied by the plan in training, other {@link PassThrough} layers
 * skipped, intermediate results in a reused {@link Workspace}. No tensors, no graph, no allocation once the
 * workspace has grown to the largest batch.
 *
 * <p>The plan is a snapshot of the model's structure but reads the parameters' live arrays, so it stays valid
 * across optimizer steps and {@code loadStateDict}; appending layers to the model afterwards needs a new plan.
 * The numbers are those of {@code model.forward} (the same kernel calls, in the same order). For serving frozen
 * weights, {@link #snapshot()} also copies the weights, prepared once for the kernel. A {@link #forInference} plan
 * that folded a {@link FoldableNorm} is the exception: its folded layers read copies, within float rounding of the
 * module's numbers.
 */
public final class DenseStack {

    /**
     * One fused layer: {@code y = postNorm(activation(norm(x·weightᵀ + bias)))} with {@code x [rows, in]} and
     * {@code y [rows, out]}.
     *
     * @param bias     {@code null} for a layer without bias
     * @param alpha    the activation's parameter (LeakyReLU's slope), 0 when it has none
     * @param norm     the normalisation between the dense layer and its activation, or {@code null} for none
     * @param postNorm the normalisation after the activation (Linear → ReLU → BatchNorm1d), or {@code null} for none
     */
    public record Stage(Tensor weight, Tensor bias, int in, int out, Activation activation, float alpha,
                        FusableNorm norm, FusableNorm postNorm) {

        /** A stage without a normalisation. */
        public Stage(Tensor weight, Tensor bias, int in, int out, Activation activation, float alpha) {
            this(weight, bias, in, out, activation, alpha, null, null);
        }

        /** A stage without a normalisation after its activation. */
        public Stage(Tensor weight, Tensor bias, int in, int out, Activation activation, float alpha,
                     FusableNorm norm) {
            this(weight, bias, in, out, activation, alpha, norm, null);
        }

        Stage withActivation(Activation act, float slope) {
            return new Stage(weight, bias, in, out, act, slope, norm, postNorm);
        }

        Stage withNorm(FusableNorm n) {
            return new Stage(weight, bias, in, out, activation, alpha, n, postNorm);
        }

        Stage withPostNorm(FusableNorm n) {
            return new Stage(weight, bias, in, out, activation, alpha, norm, n);
        }
    }

    private final Stage[] stages;
    private final FusableDropout[] dropouts; // per stage, the dropout right after it, or null
    private final PassThrough[] passThroughs; // skipped layers and the attached dropouts
    private final int[] passThroughIndex; // position in the model, for error messages
    private final boolean[] attached; // per pass-through: whether it is one of the dropouts (run in training)
    private final PackedLinear[] snapshot; // null: the stages' live parameter arrays are read
    private final FusableNorm[] norms; // per stage, the norm it runs: the stage's own, a snapshot's copy, or null
    private final FusableNorm[] postNorms; // the same for the norm after the activation

    DenseStack(Stage[] stages, FusableDropout[] dropouts, PassThrough[] passThroughs, int[] passThroughIndex,
                       PackedLinear[] snapshot, FusableNorm[] norms, FusableNorm[] postNorms) {
        this.stages = stages;
        this.norms = norms;
        this.postNorms = postNorms;
        this.dropouts = dropouts;
        this.passThroughs = passThroughs;
        this.passThroughIndex = passThroughIndex;
        this.attached = new boolean[passThroughs.length];
        for (int i = 0; i < passThroughs.length; i++) {
            attached[i] = Arrays.asList(dropouts).contains(passThroughs[i]);
        }
        this.snapshot = snapshot;
    }

    /**
     * The plan of {@code model}, or empty when it holds anything but {@link FusableLinear} layers (each optionally
     * followed by one {@link FusableNorm} over its output width, then one {@link FusableActivation}, then — only
     * after an activation — one more {@link FusableNorm}, then one {@link FusableDropout}), layers that currently
     * {@link PassThrough pass through}, and nested Sequentials of those; callers then use {@code model.forward}. A
     * norm runs as its forward does in its current mode (BatchNorm in training mode: the batch's statistics, its
     * running statistics updated; in eval mode the running ones).
     *
     * @throws IllegalArgumentException when consecutive layers' widths do not chain (the model cannot run at all)
     */
    public static Optional<DenseStack> of(Sequential model) {
        return DenseStackPlanner.plan(model, false);
    }

    /**
     * The plan of {@code model} for serving: as {@link #of}, with each {@link FoldableNorm} that follows a dense layer
     * (before its activation) and is foldable now — BatchNorm in eval mode — folded into a copy of that layer's
     * weight and bias ({@code W' = diag(scale)·W}, {@code b' = scale·b + shift}), and each one after an activation
     * folded into a copy of the next dense layer's ({@code W' = W·diag(scale)}, {@code b' = b + W·shift}; when no
     * dense layer follows, or a dropout sits between, it runs in the plan), so it costs nothing at run time;
     * a {@link FusableNorm} that normalises each row by itself (LayerNorm) runs in the plan, one that uses batch
     * statistics leaves the model to its module (empty). The folded layers no longer follow the model's weights:
     * take a {@link #snapshot()} and serve that; not for training. Outputs are the module's within float rounding
     * of the folded weights (a few units in the last place).
     */
    public static Optional<DenseStack> forInference(Sequential model) {
        return DenseStackPlanner.plan(model, true);
    }

    /**
     * This plan over a copy of the weights (and of each norm's parameters and buffers) as they are now, each layer
     * prepared once by the kernel
     * ({@link dev.lanes.kernel.Kernel#packLinear}): for batches large enough for the packed GEMM, the vector kernel
     * then skips re-packing every W on every call. Training the model or loading a state dict afterwards does not
     * change the snapshot's outputs: take a new one to serve new weights. Workspaces of this plan fit the snapshot
     * and the other way round. For inference only ({@code TrainStep} needs the live plan).
     */
    public DenseStack snapshot() {
        return snapshotSharing(null);
    }

    /**
     * {@link #snapshot()}, taking each layer whose weight and bias tensors {@code earlier} (a snapshot of the same
     * model, e.g. of all its layers when this plan covers the first few) already holds from there instead of copying
     * the live weights again: both then serve the weights as they were when {@code earlier} was taken.
     *
     * @param earlier a snapshot, or {@code null} to copy every layer now
     * @throws IllegalArgumentException when {@code earlier} is not a snapshot
     */
    public DenseStack snapshotSharing(DenseStack earlier) {
        if (earlier != null && earlier.snapshot == null) {
            throw new IllegalArgumentException("DenseStack.snapshotSharing: the plan to share with is not a snapshot");
        }
        var kernel = Kernels.get();
        PackedLinear[] packed = new PackedLinear[stages.length];
        FusableNorm[] frozen = new FusableNorm[stages.length];
        FusableNorm[] frozenPost = new FusableNorm[stages.length];
        for (int i = 0; i < stages.length; i++) {
            Stage s = stages[i];
            int shared = earlier == null ? -1 : earlier.indexOfLayer(s);
            packed[i] = shared < 0 ? kernel.packLinear(s.weight.storage(), s.bias == null ? null : s.bias.storage(),
                    s.in, s.out) : earlier.snapshot[shared];
            frozen[i] = frozen(s.norm, shared < 0 ? null : earlier.stages[shared].norm,
                    shared < 0 ? null : earlier.norms[shared]);
            frozenPost[i] = frozen(s.postNorm, shared < 0 ? null : earlier.stages[shared].postNorm,
                    shared < 0 ? null : earlier.postNorms[shared]);
        }
        return new DenseStack(stages, dropouts, passThroughs, passThroughIndex, packed, frozen, frozenPost);
    }

    /** A frozen copy of {@code norm} (null for none): {@code earlierCopy} when the earlier snapshot ran that norm. */
    private static FusableNorm frozen(FusableNorm norm, FusableNorm earlierNorm, FusableNorm earlierCopy) {
        if (norm == null) {
            return null;
        }
        FusableNorm copy = earlierNorm == norm ? earlierCopy : norm.frozenCopy();
        if (copy == null) { // the stage would run without its norm, serving wrong numbers
            throw new IllegalStateException("DenseStack.snapshot: " + norm.getClass().getName()
                    + ".frozenCopy() returned null; a FusableNorm must return a copy of itself");
        }
        return copy;
    }

    /** The index of this plan's stage with {@code stage}'s weight and bias tensors, or -1. */
    private int indexOfLayer(Stage stage) {
        for (int i = 0; i < stages.length; i++) {
            if (stages[i].weight == stage.weight && stages[i].bias == stage.bias) {
                return i;
            }
        }
        return -1;
    }

    /** Whether this plan reads a copy of the weights ({@link #snapshot()}) rather than the model's live ones. */
    public boolean isSnapshot() {
        return snapshot != null;
    }

    /** The fused layers, first to last. */
    public List<Stage> stages() {
        return List.of(stages);
    }

    public int inFeatures() {
        return stages[0].in();
    }

    public int outFeatures() {
        return stages[stages.length - 1].out();
    }

    /** A workspace for this plan; one per thread, it grows to the largest batch it has seen. */
    public Workspace newWorkspace() {
        return new Workspace(stages, dropouts);
    }

    /**
     * Inference: {@code out[batch, outFeatures] = model(x[batch, inFeatures])}, rows flat and row-major.
     *
     * @throws IllegalArgumentException when the arrays are too short for {@code batch} rows, or {@code ws} belongs
     *                                  to another plan
     * @throws IllegalStateException    when a skipped layer no longer passes its input through (e.g. Dropout
     *                                  after {@code train()})
     */
    public void forward(float[] x, int batch, Workspace ws, float[] out) {
        checkRows("output", out, batch, outFeatures());
        forwardInto(x, batch, ws, out);
    }

    /**
     * Forward keeping every stage's output (and pre-activation where the activation needs it, the dense layer's
     * output and the norm's statistics where it has a norm, the activation's output and the statistics where a norm
     * follows the activation) in {@code ws}, for a backward pass, and applying the
     * dropouts that are in training mode (their masks kept in {@code ws}); returns the array holding the last
     * stage's output.
     */
    float[] forwardTraining(float[] x, int batch, Workspace ws) {
        if (snapshot != null) {
            throw new IllegalStateException("DenseStack: a snapshot serves frozen weights and cannot train; use the"
                    + " plan from DenseStack.of(model)");
        }
        forwardInto(x, batch, ws, null);
        return ws.stageOutput(stages.length - 1);
    }

    /** Inference when {@code out} is given (every skipped layer must pass through), else training. */
    private void forwardInto(float[] x, int batch, Workspace ws, float[] out) {
        checkRows("input", x, batch, inFeatures());
        checkWorkspace(ws);
        boolean training = out == null;
        if (snapshot == null) { // a snapshot serves inference: its skipped layers pass through in any mode
            checkPassThroughs(training);
        }
        ws.ensure(batch);
        var kernel = Kernels.get();
        float[] input = x;
        for (int i = 0; i < stages.length; i++) {
            Stage s = stages[i];
            float[] y = out != null && i == stages.length - 1 ? out : ws.outputs[i];
            float[] activated = postNorms[i] == null ? y : ws.activated[i];
            if (norms[i] == null) {
                linearForward(i, input, s.activation, s.alpha, activated, ws.preActs[i], batch);
            } else { // dense layer, norm, then the activation on its own: the norm sits between them
                linearForward(i, input, Activation.IDENTITY, 0f, ws.linearOutputs[i], null, batch);
                float[] normed = s.activation == Activation.IDENTITY ? activated : ws.preActs[i];
                norms[i].forward(ws.linearOutputs[i], normed, batch, ws.normScratch[i]);
                if (normed != activated) {
                    kernel.activationForward(s.activation, s.alpha, normed, activated, batch * s.out);
                }
            }
            if (postNorms[i] != null) {
                postNorms[i].forward(activated, y, batch, ws.postNormScratch[i]);
            }
            ws.dropped[i] = training && dropouts[i] != null && !dropouts[i].passesThrough();
            if (ws.dropped[i]) {
                int n = batch * s.out;
                dropouts[i].nextMask(ws.masks[i], n);
                multiply(y, ws.masks[i], ws.afterDropout[i], n);
            }
            input = ws.stageOutput(i);
        }
    }

    /** Stage {@code i}'s dense layer (live or snapshot weights) with {@code act} fused. */
    private void linearForward(int i, float[] input, Activation act, float alpha, float[] y, float[] preAct,
                               int batch) {
        Stage s = stages[i];
        if (snapshot != null) {
            Kernels.get().linearForward(input, snapshot[i], act, alpha, y, preAct, batch);
        } else {
            Kernels.get().linearForward(input, s.weight.storage(), s.bias == null ? null : s.bias.storage(), act,
                    alpha, y, preAct, batch, s.in, s.out);
        }
    }

    /** c[i] = a[i] * b[i]: a dropout's mask on an output, or on the gradient flowing back through it. */
    static void multiply(float[] a, float[] b, float[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = a[i] * b[i];
        }
    }

    /** The input of stage {@code i}: {@code x} for the first, else the previous stage's output (after its dropout). */
    float[] stageInput(float[] x, int i, Workspace ws) {
        return i == 0 ? x : ws.stageOutput(i - 1);
    }

    Stage stage(int i) {
        return stages[i];
    }

    /** The norm stage {@code i} runs, or null. */
    FusableNorm norm(int i) {
        return norms[i];
    }

    /** The norm stage {@code i} runs after its activation, or null. */
    FusableNorm postNorm(int i) {
        return postNorms[i];
    }

    int stageCount() {
        return stages.length;
    }

    void checkWorkspace(Workspace ws) {
        if (ws == null || ws.stages != stages) {
            throw new IllegalArgumentException("DenseStack: the workspace " + (ws == null ? "is null"
                    : "belongs to another DenseStack") + "; create one with newWorkspace()");
        }
    }

    /** Skipped layers must pass their input through; attached dropouts too, except in training (they run then). */
    private void checkPassThroughs(boolean training) {
        for (int i = 0; i < passThroughs.length; i++) {
            if (training && attached[i]) {
                continue;
            }
            if (!passThroughs[i].passesThrough()) {
                throw new IllegalStateException("DenseStack: layer " + passThroughIndex[i] + " ("
                        + passThroughs[i].getClass().getSimpleName() + ") no longer passes its input through (is the "
                        + "model in training mode?); call eval() or run model.forward");
            }
        }
    }

    static void checkRows(String what, float[] a, int batch, int width) {
        if (batch < 0) {
            throw new IllegalArgumentException("DenseStack: batch must be >= 0, got " + batch);
        }
        if (a == null || a.length < (long) batch * width) {
            throw new IllegalArgumentException("DenseStack: the " + what + " array " + (a == null ? "is null"
                    : "holds " + a.length + " floats") + " but " + batch + " rows of " + width + " need "
                    + (long) batch * width);
        }
    }

    /**
     * Per-thread scratch for a {@link DenseStack}: each stage's output (and pre-activation where needed; the dense
     * layer's output and the norm's statistics for a stage with a norm; the activation's output and the statistics
     * for a stage with a norm after its activation) for up to {@link #capacity()} rows. Grows on
     * demand; never shared between threads running at the same time.
     */
    public static final class Workspace {

        private final Stage[] stages;
        private final FusableDropout[] dropouts;
        private int capacity;
        final float[][] outputs; // each stage's output (the post-norm's, else the activation's), before its dropout
        final float[][] preActs; // stages with a norm: the norm's output when an activation follows
        final float[][] linearOutputs; // stages with a norm: the dense layer's output, the norm's input
        final FusableNorm.Scratch[] normScratch; // stages with a norm: its statistics for the backward pass
        final float[][] activated; // stages with a post-norm: the activation's output, the post-norm's input
        final FusableNorm.Scratch[] postNormScratch; // stages with a post-norm: its statistics
        final float[][] masks; // stages with a dropout: the last training forward's mask
        final float[][] afterDropout; // stages with a dropout: the output times the mask
        final boolean[] dropped; // whether the last forward applied stage i's dropout

        private Workspace(Stage[] stages, FusableDropout[] dropouts) {
            this.stages = stages;
            this.dropouts = dropouts;
            this.outputs = new float[stages.length][];
            this.preActs = new float[stages.length][];
            this.linearOutputs = new float[stages.length][];
            this.normScratch = new FusableNorm.Scratch[stages.length];
            this.activated = new float[stages.length][];
            this.postNormScratch = new FusableNorm.Scratch[stages.length];
            this.masks = new float[stages.length][];
            this.afterDropout = new float[stages.length][];
            this.dropped = new boolean[stages.length];
            grow(1);
        }

        /** Stage i's output as the next stage (or the loss) sees it: after its dropout if that ran. */
        float[] stageOutput(int i) {
            return dropped[i] ? afterDropout[i] : outputs[i];
        }

        /** Stage i's activation output (its derivative needs it): before the post-norm if there is one. */
        float[] activationOutput(int i) {
            return activated[i] != null ? activated[i] : outputs[i];
        }

        /** The most rows this workspace holds without growing. */
        public int capacity() {
            return capacity;
        }

        void ensure(int batch) {
            if (batch > capacity) {
                grow(batch);
            }
        }

        private void grow(int rows) {
            for (int i = 0; i < stages.length; i++) {
                int n = Math.multiplyExact(rows, stages[i].out());
                outputs[i] = new float[n];
                Stage s = stages[i];
                boolean normed = s.norm() != null;
                preActs[i] = s.activation().needsPreActivation()
                        || (normed && s.activation() != Activation.IDENTITY) ? new float[n] : null;
                linearOutputs[i] = normed ? new float[n] : null;
                normScratch[i] = normed ? s.norm().newScratch(rows) : null;
                activated[i] = s.postNorm() != null ? new float[n] : null;
                postNormScratch[i] = s.postNorm() != null ? s.postNorm().newScratch(rows) : null;
                masks[i] = dropouts[i] != null ? new float[n] : null;
                afterDropout[i] = dropouts[i] != null ? new float[n] : null;
            }
            capacity = rows;
        }
    }
}
