package dev.lanes.nn;

import dev.lanes.tensor.Tensor;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: applied to the
 * parameters' gradients in place, between {@code backward()} and the optimizer's {@code step()}. Parameters without
 * a gradient are skipped.
 */
public final class GradClip {

    private GradClip() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm} (by
     * {@code maxNorm / (norm + 1e-6)}, PyTorch's factor, when the norm is above it), and returns the norm before
     * clipping. A non-finite norm is returned as it is and the gradients are left alone (PyTorch would scale them
     * by NaN), so a caller can check it and skip the step.
     */
    public static float clipGradNorm(Iterable<Tensor> parameters, float maxNorm) {
        if (!(maxNorm > 0f) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be a positive finite number, got " + maxNorm);
        }
        double sumOfSquares = 0;
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                for (float g : p.grad().storage()) {
                    sumOfSquares += (double) g * g;
                }
            }
        }
        float norm = (float) Math.sqrt(sumOfSquares);
        if (!Float.isFinite(norm)) {
            return norm;
        }
        float scale = (float) (maxNorm / (norm + 1e-6));
        if (scale < 1f) {
            for (Tensor p : parameters) {
                if (p.grad() != null) {
                    float[] g = p.grad().storage();
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= scale;
                    }
                }
            }
        }
        return norm;
    }

    /** Limits every gradient entry to [-clipValue, clipValue] (PyTorch's {@code clip_grad_value_}). */
    public static void clipGradValue(Iterable<Tensor> parameters, float clipValue) {
        if (!(clipValue >= 0f)) {
            throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        }
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                float[] g = p.grad().storage();
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.max(-clipValue, Math.min(clipValue, g[i]));
                }
            }
        }
    }
}
