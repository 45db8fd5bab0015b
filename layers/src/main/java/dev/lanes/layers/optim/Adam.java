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
 * Adam (Kingma and Ba) with optional AMSGrad and L2 weight decay folded into the gradient — PyTorch's
 * {@code torch.optim.Adam}, same defaults and update:
 * <pre>
 *   g = grad + weight_decay·p
 *   m = β1·m + (1 − β1)·g,   v = β2·v + (1 − β2)·g²,   v̂ = amsgrad ? max(v̂, v) : v
 *   p = p − lr/(1 − β1^t) · m / (√v̂ / √(1 − β2^t) + eps)
 * </pre>
 * {@link AdamW} is the same with decoupled weight decay.
 */
public class Adam extends Optimizer {

    public static final OptimizerSpec SPEC = spec("adam", 0f);

    private final boolean decoupledWeightDecay;

    /** Adam with PyTorch's defaults and the given learning rate. */
    public Adam(Iterable<Tensor> params, float lr) {
        this(params, Options.of("lr", lr));
    }

    public Adam(Iterable<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay,
                boolean amsgrad) {
        this(params, options(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    /** From registry options (names as in PyTorch; {@code betas=0.9,0.999}); absent ones take the defaults. */
    public Adam(Iterable<Tensor> params, Options options) {
        this(SPEC, params, options, false);
    }

    Adam(OptimizerSpec spec, Iterable<Tensor> params, Options options, boolean decoupledWeightDecay) {
        super(spec, params, options);
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    /** The hyper-parameters of Adam and AdamW, which differ only in name and default weight decay. */
    static OptimizerSpec spec(String name, float defaultWeightDecay) {
        return OptimizerSpec.builder(name)
                .number("lr", 1e-3f, Range.NON_NEGATIVE)
                .pair("betas", 0.9f, 0.999f, Range.UNIT)
                .number("eps", 1e-8f, Range.NON_NEGATIVE)
                .number("weight_decay", defaultWeightDecay, Range.NON_NEGATIVE)
                .flag("amsgrad", false)
                .buffers("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                .build();
    }

    static Options options(float lr, float beta1, float beta2, float eps, float weightDecay, boolean amsgrad) {
        return Options.of("lr", lr, "betas", beta1 + "," + beta2, "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        float[] expAvg = state.buffer("exp_avg");
        float[] expAvgSq = state.buffer("exp_avg_sq");
        float[] maxExpAvgSq = group.getBoolean("amsgrad") ? state.buffer("max_exp_avg_sq") : null;
        Kernels.get().adamStep(param.storage(), grad, expAvg, expAvgSq, maxExpAvgSq, param.numel(), group.lr(),
                group.getFloat("betas", 0), group.getFloat("betas", 1), group.getFloat("eps"),
                group.getFloat("weight_decay"), decoupledWeightDecay, state.step());
    }
}
