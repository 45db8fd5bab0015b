package dev.lanes.optim.plugin;

import dev.lanes.optim.Optimizer;
import dev.lanes.spi.OptimizerProvider;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;

/** Registers {@link Lion} as {@code "lion"} through tests' {@code META-INF/services}. */
public final class LionProvider implements OptimizerProvider {

    @Override
    public String name() {
        return "lion";
    }

    @Override
    public List<String> parameterNames() {
        return Lion.SPEC.optionNames();
    }

    @Override
    public Optimizer create(Iterable<Tensor> params, Options options) {
        return new Lion(params, options);
    }
}
