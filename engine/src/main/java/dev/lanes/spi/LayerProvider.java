package dev.lanes.spi;

import dev.lanes.nn.Module;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A layer plugin: builds a {@link Module} from options. Register an implementation in
 * {@code META-INF/services/dev.lanes.spi.LayerProvider} (and with {@code provides} on the module path).
 */
public interface LayerProvider extends NamedProvider {

    /** A new layer from {@code options}; only names in {@link #parameterNames()} occur there. */
    Module create(Options options);

    /**
     * Options for a small instance plus a valid input for it, drawn from {@code rng}. The registry-wide gradient
     * contract checks every layer on its sample, so a new plugin is tested the moment it is registered; inputs
     * should stay away from kinks (e.g. ReLU's 0) by at least 0.05.
     */
    LayerSample sample(RandomGenerator rng);

    /**
     * The shapes of the parameters and buffers {@link #create} would make from {@code options}, by their names in the
     * layer's state dict ({@code weight}, {@code bias}, {@code running_mean}), worked out without making them; empty when the provider does not
     * say. A model file checks its tensors against these before it builds the network, so a file whose spec asks
     * for far more than it holds fails at once instead of allocating it.
     */
    default Optional<Map<String, int[]>> parameterShapes(Options options) {
        return Optional.empty();
    }
}
