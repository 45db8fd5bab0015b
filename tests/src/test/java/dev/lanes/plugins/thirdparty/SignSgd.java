package dev.lanes.plugins.thirdparty;

import dev.lanes.optim.Optimizer;
import dev.lanes.optim.OptimizerSpec;
import dev.lanes.optim.OptimizerSpec.Range;
import dev.lanes.optim.ParamGroup;
import dev.lanes.optim.ParamState;
import dev.lanes.spi.OptimizerProvider;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;

/** A third-party optimizer: signSGD, {@code p = p − lr·sign(g)} (Bernstein et al. 2018); no state. */
public final class SignSgd extends Optimizer {

    public static final OptimizerSpec SPEC = OptimizerSpec.builder("signsgd")
            .number("lr", 1e-3f, Range.NON_NEGATIVE)
            .build();

    public SignSgd(Iterable<Tensor> params, Options options) {
        super(SPEC, params, options);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] grad, ParamState state) {
        float lr = group.lr();
        float[] p = param.storage();
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * Math.signum(grad[i]);
        }
    }

    /** {@code signsgd(lr=1e-3)}. */
    public static final class Provider implements OptimizerProvider {

        @Override
        public String name() {
            return "signsgd";
        }

        @Override
        public List<String> parameterNames() {
            return SPEC.optionNames();
        }

        @Override
        public Optimizer create(Iterable<Tensor> params, Options options) {
            return new SignSgd(params, options);
        }
    }
}
