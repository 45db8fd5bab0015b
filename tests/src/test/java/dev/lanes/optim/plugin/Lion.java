package dev.lanes.optim.plugin;

import dev.lanes.optim.Optimizer;
import dev.lanes.optim.OptimizerSpec;
import dev.lanes.optim.OptimizerSpec.Range;
import dev.lanes.optim.ParamGroup;
import dev.lanes.optim.ParamState;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;

/**
 * A test-only optimizer, plugged in from outside {@code engine} and {@code layers}: Lion (Chen et al. 2023),
 * <pre>
 *   p = p·(1 − lr·weight_decay) − lr·sign(β1·m + (1 − β1)·g),   m = β2·m + (1 − β2)·g
 * </pre>
 */
public final class Lion extends Optimizer {

    public static final OptimizerSpec SPEC = OptimizerSpec.builder("lion")
            .number("lr", 1e-4f, Range.NON_NEGATIVE)
            .pair("betas", 0.9f, 0.99f, Range.UNIT)
            .number("weight_decay", 0f, Range.NON_NEGATIVE)
            .buffers("exp_avg")
            .build();

    public Lion(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        float lr = group.lr();
        float beta1 = group.getFloat("betas", 0);
        float beta2 = group.getFloat("betas", 1);
        float decay = 1f - lr * group.getFloat("weight_decay");
        float[] p = param.storage();
        float[] m = state.buffer("exp_avg");
        for (int i = 0; i < p.length; i++) {
            float direction = Math.signum(beta1 * m[i] + (1f - beta1) * grad[i]);
            p[i] = p[i] * decay - lr * direction;
            m[i] = beta2 * m[i] + (1f - beta2) * grad[i];
        }
    }
}
