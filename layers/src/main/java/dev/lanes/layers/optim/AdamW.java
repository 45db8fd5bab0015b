package dev.lanes.layers.optim;

import dev.lanes.optim.OptimizerSpec;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter) — PyTorch's {@code torch.optim.AdamW}: the
 * parameter shrinks by {@code lr·weight_decay·p} before the Adam update instead of the decay entering the
 * gradient. Default weight decay 0.01.
 */
public final class AdamW extends Adam {

    public static final OptimizerSpec SPEC = spec("adamw", 1e-2f);

    public AdamW(Iterable<Tensor> params, float lr) {
        this(params, Options.of("lr", lr));
    }

    public AdamW(Iterable<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay,
                 boolean amsgrad) {
        this(params, options(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    public AdamW(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options, true);
    }
}
