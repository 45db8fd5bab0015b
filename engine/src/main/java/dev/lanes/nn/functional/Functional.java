package dev.lanes.nn.functional;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Differentiable functions layers are built from, PyTorch's {@code torch.nn.functional}. The math runs in the
 * active {@link Kernel}; layers stay thin.
 */
public final class Functional {

    private Functional() {
    }

    /** {@code x·Wᵀ + b}: PyTorch's {@code F.linear}. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return linear(x, weight, bias, Activation.IDENTITY, 0f);
    }

    /**
     * {@code act(x·Wᵀ + b)} in one fused kernel call, forward and backward. {@code x} is {@code [..., in]},
     * {@code weight} {@code [out, in]}, {@code bias} {@code [out]} or {@code null}; the result is {@code [..., out]}.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, Activation act, float alpha) {
        int[] ws = weight.shape();
        if (ws.length != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out, in], got shape " + Arrays.toString(ws));
        }
        int out = ws[0];
        int in = ws[1];
        int[] xs = x.shape();
        if (xs.length == 0 || xs[xs.length - 1] != in) {
            throw new IllegalArgumentException("linear: input has " + (xs.length == 0 ? "no feature dimension"
                    : xs[xs.length - 1] + " features") + " (shape " + Arrays.toString(xs) + ") but the layer expects "
                    + in + " (weight shape " + Arrays.toString(ws) + ")");
        }
        if (bias != null && !Arrays.equals(bias.shape(), new int[] {out})) {
            throw new IllegalArgumentException("linear: bias shape " + Arrays.toString(bias.shape())
                    + " does not match [" + out + "]");
        }
        int batch = in == 0 ? 0 : x.numel() / in;
        float[] xd = x.storage();
        float[] wd = weight.storage();
        float[] bd = bias == null ? null : bias.storage();
        float[] y = new float[batch * out];
        float[] preAct = act.needsPreActivation() ? new float[batch * out] : null;
        Kernel kernel = Kernels.get();
        kernel.linearForward(xd, wd, bd, act, alpha, y, preAct, batch, in, out);
        int[] outShape = xs.clone();
        outShape[outShape.length - 1] = out;
        CustomOp.Backward backward = g -> {
            float[] gx = CustomOp.gradOf(x);
            float[] gw = CustomOp.gradOf(weight);
            float[] dX = gx == null ? null : new float[batch * in]; // the kernel overwrites dX; we add it below
            kernel.linearBackward(xd, wd, y, preAct, act, alpha, g, new float[batch * out], dX,
                    gw == null ? new float[out * in] : gw, bias == null ? null : CustomOp.gradOf(bias),
                    batch, in, out);
            if (dX != null) {
                kernel.axpy(1f, dX, gx, dX.length);
            }
        };
        String name = "Linear" + (act == Activation.IDENTITY ? "" : camel(act)) + "Backward";
        return bias == null
                ? CustomOp.result(name, y, outShape, backward, x, weight)
                : CustomOp.result(name, y, outShape, backward, x, weight, bias);
    }

    /** {@code act(x)} elementwise through the kernel, as the tensor methods {@code relu()}, {@code sigmoid()}, ... */
    public static Tensor activation(Tensor x, Activation act, float alpha) {
        return switch (act) {
            case IDENTITY -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case LEAKY_RELU -> x.leakyRelu(alpha);
            case GELU -> x.gelu("tanh");
            case GELU_ERF -> x.gelu();
            case SILU -> x.silu();
            case ELU -> x.elu(alpha);
        };
    }

    /** {@code exp(x) / Σ exp(x)} along {@code dim}, computed stably (the row maximum is subtracted first). */
    public static Tensor softmax(Tensor x, int dim) {
        return SoftmaxOps.softmax(x, dim, false);
    }

    /** {@code x - log Σ exp(x)} along {@code dim}, stable for large values. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return SoftmaxOps.softmax(x, dim, true);
    }

    private static String camel(Activation act) {
        StringBuilder sb = new StringBuilder();
        for (String part : act.name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
