package dev.lanes.layers.optim;

import dev.lanes.optim.OptimizerSpec;
import dev.lanes.optim.OptimizerSpec.Range;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.ParamGroup;
import dev.lanes.optim.ParamState;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;

/**
 * Adagrad (Duchi et al.) — PyTorch's {@code torch.optim.Adagrad}, same defaults and update:
 * <pre>
 *   g = grad + weight_decay·p
 *   clr = lr / (1 + (t − 1)·lr_decay)
 *   sum = sum + g²            (sum starts at initial_accumulator_value)
 *   p = p − clr·g / (√sum + eps)
 * </pre>
 */
public final class Adagrad extends Optimizer {

    public static final OptimizerSpec SPEC = OptimizerSpec.builder("adagrad")
            .number("lr", 1e-2f, Range.NON_NEGATIVE)
            .number("lr_decay", 0f, Range.NON_NEGATIVE)
            .number("weight_decay", 0f, Range.NON_NEGATIVE)
            .number("initial_accumulator_value", 0f, Range.NON_NEGATIVE)
            .number("eps", 1e-10f, Range.NON_NEGATIVE)
            .buffers("sum")
            .build();

    public Adagrad(Iterable<Tensor> params, float lr) {
        this(params, Options.of("lr", lr));
    }

    public Adagrad(Iterable<Tensor> params, float lr, float lrDecay, float weightDecay,
                   float initialAccumulatorValue, float eps) {
        this(params, Options.of("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay,
                "initial_accumulator_value", initialAccumulatorValue, "eps", eps));
    }

    /** From registry options (names as in PyTorch); absent ones take PyTorch's defaults. */
    public Adagrad(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        // PyTorch computes the decayed rate in double precision, from the step count.
        float clr = (float) (group.lr() / (1.0 + (state.step() - 1) * (double) group.getFloat("lr_decay")));
        float[] sum = state.buffer("sum", group.getFloat("initial_accumulator_value"));
        step(param.storage(), grad, sum, param.numel(), clr, group.getFloat("eps"), group.getFloat("weight_decay"));
    }

    /** One Adagrad step on n elements at the decayed rate {@code clr}; float order as PyTorch's CPU kernels. */
    static void step(float[] p, float[] grad, float[] sum, int n, float clr, float eps, float weightDecay) {
        for (int i = 0; i < n; i++) {
            float g = grad[i] + weightDecay * p[i];
            float s = sum[i] = sum[i] + g * g;
            p[i] += -clr * g / ((float) Math.sqrt(s) + eps);
        }
    }
}
