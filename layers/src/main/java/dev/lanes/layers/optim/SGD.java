package dev.lanes.layers.optim;

import dev.lanes.kernel.Kernels;
import dev.lanes.optim.OptimizerSpec;
import dev.lanes.optim.OptimizerSpec.Range;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.ParamGroup;
import dev.lanes.optim.ParamState;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay —
 * PyTorch's {@code torch.optim.SGD}, same defaults and update:
 * <pre>
 *   g = grad + weight_decay·p
 *   buf = g on the first step, else momentum·buf + (1 − dampening)·g      (when momentum ≠ 0)
 *   g = nesterov ? g + momentum·buf : buf
 *   p = p − lr·g
 * </pre>
 */
public final class SGD extends Optimizer {

    public static final OptimizerSpec SPEC = OptimizerSpec.builder("sgd")
            .number("lr", 1e-3f, Range.NON_NEGATIVE)
            .number("momentum", 0f, Range.NON_NEGATIVE)
            .number("dampening", 0f, Range.FINITE)
            .number("weight_decay", 0f, Range.NON_NEGATIVE)
            .flag("nesterov", false)
            .rule(h -> h.getBoolean("nesterov") && (h.getFloat("momentum") <= 0f || h.getFloat("dampening") != 0f)
                    ? "nesterov=true requires momentum > 0 and dampening = 0, got momentum=" + h.getFloat("momentum")
                            + ", dampening=" + h.getFloat("dampening")
                    : null)
            .buffers("momentum_buffer")
            .build();

    /** Plain SGD: {@code p -= lr·grad}. */
    public SGD(Iterable<Tensor> params, float lr) {
        this(params, Options.of("lr", lr));
    }

    public SGD(Iterable<Tensor> params, float lr, float momentum, float dampening, float weightDecay,
               boolean nesterov) {
        this(params, Options.of("lr", lr, "momentum", momentum, "dampening", dampening,
                "weight_decay", weightDecay, "nesterov", nesterov));
    }

    /** From registry options (names as in PyTorch); absent ones take PyTorch's defaults. */
    public SGD(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        float momentum = group.getFloat("momentum");
        boolean firstStep = momentum != 0f && !state.has("momentum_buffer");
        float[] buffer = momentum != 0f ? state.buffer("momentum_buffer") : null;
        Kernels.get().sgdStep(param.storage(), grad, buffer, param.numel(), group.lr(), momentum,
                group.getFloat("dampening"), group.getFloat("weight_decay"), group.getBoolean("nesterov"), firstStep);
    }
}
