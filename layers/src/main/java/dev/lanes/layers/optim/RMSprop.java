package dev.lanes.layers.optim;

import dev.lanes.optim.OptimizerSpec;
import dev.lanes.optim.OptimizerSpec.Range;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.ParamGroup;
import dev.lanes.optim.ParamState;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;

/**
 * RMSprop (Hinton) — PyTorch's {@code torch.optim.RMSprop}, same defaults and update:
 * <pre>
 *   g = grad + weight_decay·p
 *   v = α·v + (1 − α)·g²
 *   centered: ḡ = lerp(ḡ, g, 1 − α), avg = √(v − ḡ²) + eps;   else avg = √v + eps
 *   momentum > 0: buf = momentum·buf + g/avg, p = p − lr·buf;   else p = p − lr·g/avg
 * </pre>
 */
public final class RMSprop extends Optimizer {

    public static final OptimizerSpec SPEC = OptimizerSpec.builder("rmsprop")
            .number("lr", 1e-2f, Range.NON_NEGATIVE)
            .number("alpha", 0.99f, Range.NON_NEGATIVE)
            .number("eps", 1e-8f, Range.NON_NEGATIVE)
            .number("weight_decay", 0f, Range.NON_NEGATIVE)
            .number("momentum", 0f, Range.NON_NEGATIVE)
            .flag("centered", false)
            .buffers("square_avg", "momentum_buffer", "grad_avg")
            .build();

    public RMSprop(Iterable<Tensor> params, float lr) {
        this(params, Options.of("lr", lr));
    }

    public RMSprop(Iterable<Tensor> params, float lr, float alpha, float eps, float weightDecay, float momentum,
                   boolean centered) {
        this(params, Options.of("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay,
                "momentum", momentum, "centered", centered));
    }

    /** From registry options (names as in PyTorch); absent ones take PyTorch's defaults. */
    public RMSprop(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        float momentum = group.getFloat("momentum");
        float[] gradAvg = group.getBoolean("centered") ? state.buffer("grad_avg") : null;
        float[] buffer = momentum > 0f ? state.buffer("momentum_buffer") : null;
        step(param.storage(), grad, state.buffer("square_avg"), gradAvg, buffer, param.numel(), group.lr(),
                group.getFloat("alpha"), group.getFloat("eps"), group.getFloat("weight_decay"), momentum);
    }

    /**
     * One RMSprop step on n elements; {@code gradAvg} is null unless centered, {@code buffer} null unless
     * momentum > 0. The order of float operations follows PyTorch's CPU kernels (mul_, addcmul_, addcdiv_).
     */
    static void step(float[] p, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer, int n,
                     float lr, float alpha, float eps, float weightDecay, float momentum) {
        float oneMinusAlpha = (float) (1.0 - alpha);
        for (int i = 0; i < n; i++) {
            float g = grad[i] + weightDecay * p[i];
            float v = squareAvg[i] = squareAvg[i] * alpha + oneMinusAlpha * g * g;
            float avg;
            if (gradAvg != null) {
                float mean = gradAvg[i] = lerp(gradAvg[i], g, oneMinusAlpha);
                avg = (float) Math.sqrt(v + -mean * mean) + eps;
            } else {
                avg = (float) Math.sqrt(v) + eps;
            }
            if (buffer != null) {
                float b = buffer[i] = buffer[i] * momentum + g / avg;
                p[i] += -lr * b;
            } else {
                p[i] += -lr * g / avg;
            }
        }
    }

    /** ATen's lerp: start + w·(end − start), computed from the nearer end for w ≥ 0.5. */
    private static float lerp(float start, float end, float weight) {
        return weight < 0.5f ? start + weight * (end - start) : end - (end - start) * (1f - weight);
    }
}
