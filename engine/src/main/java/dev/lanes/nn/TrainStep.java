package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * One training step of a dense {@link Sequential} without tensors or a graph: {@code optimizer.zeroGrad()}, the
 * {@link DenseStack} forward keeping each stage's output, the loss and its gradient in one pass
 * ({@link FusableLoss}), one fused {@code Kernel.linearBackward} per stage adding into the parameters' own
 * {@code grad} arrays, then {@code optimizer.step()} — the optimizer's own code, so every optimizer works. A
 * {@link FusableDropout} after a dense layer runs in the plan, drawing the masks its forward would draw; a
 * {@link FusableNorm} between a dense layer and its activation (BatchNorm1d, LayerNorm), or after the activation,
 * runs its own forward and backward code on the plan's arrays, its parameters' gradients added into their
 * {@code grad} arrays as well.
 * The same numbers as forward, loss, zeroGrad, backward, step through autograd; nothing allocated once the
 * buffers have grown to the largest batch. Not for concurrent use: one per training loop.
 */
public final class TrainStep {

    private final DenseStack stack;
    private final DenseStack.Workspace workspace;
    private final FusableLoss loss;
    private final Optimizer optimizer;
    private final float[][] gradOutputs; // ∂loss/∂(output of stage i), [capacity, out_i]
    private float[] dZ;                  // linearBackward's scratch, [capacity, widest out]
    private float[] dLinear;             // stages with a norm: ∂loss/∂(dense layer's output); null without norms
    private float[] dActivated;          // stages with a post-norm: ∂loss/∂(activation's output); null without
    private int capacity;

    private TrainStep(DenseStack stack, FusableLoss loss, Optimizer optimizer) {
        this.stack = stack;
        this.workspace = stack.newWorkspace();
        this.loss = loss;
        this.optimizer = optimizer;
        this.gradOutputs = new float[stack.stageCount()][];
        grow(1);
    }

    /**
     * The fused step for {@code model}, or empty when the model has no {@link DenseStack} plan (see
     * {@link DenseStack#of}), the loss is not a {@link FusableLoss} with reduction mean or sum, or a dense layer's
     * parameter does not require grad; callers then run the autograd loop.
     */
    public static Optional<TrainStep> of(Sequential model, Loss loss, Optimizer optimizer) {
        if (!(loss instanceof FusableLoss fusable) || loss.reduction() == Reduction.NONE || optimizer == null) {
            return Optional.empty();
        }
        return DenseStack.of(model)
                .filter(TrainStep::allTrainable)
                .map(stack -> new TrainStep(stack, fusable, optimizer));
    }

    private static boolean allTrainable(DenseStack stack) {
        return stack.stages().stream().allMatch(s -> s.weight().requiresGrad()
                && (s.bias() == null || s.bias().requiresGrad()));
    }

    /** The plan the step runs. */
    public DenseStack stack() {
        return stack;
    }

    /**
     * One step on {@code batch} rows: {@code x [batch, inFeatures]} and {@code target} as the loss takes it
     * ({@code [batch, outFeatures]} for MSE, {@code [batch]} class ids for cross-entropy), flat and row-major.
     * Returns the loss before the update. Parameters are updated in place.
     */
    public float step(float[] x, float[] target, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("TrainStep: batch must be positive, got " + batch);
        }
        int width = stack.outFeatures();
        DenseStack.checkRows("target", target, batch, loss.targetWidth(width));
        if (batch > capacity) {
            grow(batch);
        }
        optimizer.zeroGrad();
        float[] output = stack.forwardTraining(x, batch, workspace);
        int last = stack.stageCount() - 1;
        float value = loss.lossAndGradient(output, target, gradOutputs[last], batch, width);
        Kernel kernel = Kernels.get();
        for (int i = last; i >= 0; i--) {
            DenseStack.Stage s = stack.stage(i);
            if (workspace.dropped[i]) { // back through the dropout: the gradient times its mask
                DenseStack.multiply(gradOutputs[i], workspace.masks[i], gradOutputs[i], batch * s.out());
            }
            Tensor bias = s.bias();
            float[] y = workspace.activationOutput(i);
            float[] preAct = workspace.preActs[i];
            Activation act = s.activation();
            float alpha = s.alpha();
            float[] dY = gradOutputs[i];
            if (s.postNorm() != null) { // back through the norm after the activation to the activation's output
                dY = postNormBackward(i, batch);
            }
            if (s.norm() != null) { // back through the activation and the norm to the dense layer's output
                dY = normBackward(i, dY, batch);
                y = workspace.linearOutputs[i];
                preAct = null;
                act = Activation.IDENTITY;
                alpha = 0f;
            }
            kernel.linearBackward(stack.stageInput(x, i, workspace), s.weight().storage(), y, preAct, act, alpha,
                    dY, dZ, i == 0 ? null : gradOutputs[i - 1], gradOf(s.weight()),
                    bias == null ? null : gradOf(bias), batch, s.in(), s.out());
        }
        optimizer.step();
        return value;
    }

    /**
     * Stage {@code i}'s norm-after-activation backward: returns ∂loss/∂(its activation's output), in
     * {@link #dActivated}, which starts at zero as the norm's backward adds into it.
     */
    private float[] postNormBackward(int i, int batch) {
        Arrays.fill(dActivated, 0, batch * stack.stage(i).out(), 0f);
        stack.postNorm(i).backward(gradOutputs[i], workspace.activated[i], dActivated, batch,
                workspace.postNormScratch[i]);
        return dActivated;
    }

    /**
     * Stage {@code i}'s activation and norm backward from {@code dActivation} (∂loss/∂(the activation's output)):
     * returns ∂loss/∂(its dense layer's output), in {@link #dLinear}. Both kernels add into their gradient, so each
     * buffer starts at zero, as autograd's fresh ones; the gradient after the activation goes through {@link #dZ},
     * free until the dense layer's backward.
     */
    private float[] normBackward(int i, float[] dActivation, int batch) {
        DenseStack.Stage s = stack.stage(i);
        int n = batch * s.out();
        float[] dNorm = dActivation;
        if (s.activation() != Activation.IDENTITY) {
            Arrays.fill(dZ, 0, n, 0f);
            Kernels.get().activationBackward(s.activation(), s.alpha(), workspace.preActs[i],
                    workspace.activationOutput(i), dNorm, dZ, n);
            dNorm = dZ;
        }
        Arrays.fill(dLinear, 0, n, 0f);
        stack.norm(i).backward(dNorm, workspace.linearOutputs[i], dLinear, batch, workspace.normScratch[i]);
        return dLinear;
    }

    /** The parameter's grad array, created as autograd creates it; fetched each step as zeroGrad(true) drops it. */
    private static float[] gradOf(Tensor parameter) {
        return CustomOp.gradOf(parameter);
    }

    private void grow(int rows) {
        int widest = 0;
        for (int i = 0; i < gradOutputs.length; i++) {
            int out = stack.stage(i).out();
            gradOutputs[i] = new float[Math.multiplyExact(rows, out)];
            widest = Math.max(widest, out);
        }
        dZ = new float[Math.multiplyExact(rows, widest)];
        boolean normed = stack.stages().stream().anyMatch(s -> s.norm() != null);
        dLinear = normed ? new float[Math.multiplyExact(rows, widest)] : null;
        boolean postNormed = stack.stages().stream().anyMatch(s -> s.postNorm() != null);
        dActivated = postNormed ? new float[Math.multiplyExact(rows, widest)] : null;
        capacity = rows;
    }
}
