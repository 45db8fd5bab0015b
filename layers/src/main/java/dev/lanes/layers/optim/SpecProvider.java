package dev.lanes.layers.optim;

import dev.lanes.optim.Optimizer;
import dev.lanes.optim.OptimizerSpec;
import dev.lanes.spi.OptimizerProvider;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;

/** A provider whose name and option names come from an optimizer's {@link OptimizerSpec}. */
abstract class SpecProvider implements OptimizerProvider {

    private final OptimizerSpec spec;
    private final BiFunction<Iterable<Tensor>, Options, Optimizer> factory;

    SpecProvider(OptimizerSpec spec, BiFunction<Iterable<Tensor>, Options, Optimizer> factory) {
        this.spec = spec;
        this.factory = factory;
    }

    @Override
    public final String name() {
        return spec.name();
    }

    @Override
    public final List<String> parameterNames() {
        return spec.optionNames();
    }

    @Override
    public final Optimizer create(Iterable<Tensor> params, Options options) {
        return factory.apply(params, options);
    }
}
