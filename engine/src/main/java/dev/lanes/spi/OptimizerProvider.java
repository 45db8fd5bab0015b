package dev.lanes.spi;

import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;

/**
 * Builds an optimizer known by name, e.g. {@code adam} with {@code lr}, {@code betas}, {@code eps},
 * {@code weight_decay}. Register an implementation in {@code META-INF/services/dev.lanes.spi.OptimizerProvider}.
 */
public interface OptimizerProvider extends NamedProvider {

    /**
     * An optimizer over {@code params} (one parameter group). {@code options} hold only names from
     * {@link #parameterNames()}; missing ones take PyTorch's defaults. Bad values fail naming the option.
     */
    Optimizer create(Iterable<Tensor> params, Options options);
}
