package dev.lanes.spi;

import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.util.LinkedHashSet;

/** Optimizers by registry name: {@code Optimizers.create("adam", model.parameters(), Options.of("lr", 0.01))}. */
public final class Optimizers {

    private Optimizers() {
    }

    private static final ProviderRegistry.Loaded<OptimizerProvider> LOADED =
            new ProviderRegistry.Loaded<>(OptimizerProvider.class, "optimizer");

    /**
     * Every optimizer provider visible to the context class loader of the first caller, or to the engine's own class
     * loader, by name; loaded on first use.
     *
     * @throws PluginLoadException when a provider cannot be loaded (every call says so until it is fixed)
     */
    public static ProviderRegistry<OptimizerProvider> registry() {
        return LOADED.get();
    }

    /**
     * Looks for optimizer providers again, with the calling thread's context class loader and the engine's: for plugin
     * jars an application loads after the first look-up (through its own class loader).
     */
    public static ProviderRegistry<OptimizerProvider> reload() {
        return LOADED.reload();
    }

    /** The optimizer registered as {@code name} (any case) with PyTorch's default hyper-parameters. */
    public static Optimizer create(String name, Iterable<Tensor> params) {
        return create(name, params, Options.empty());
    }

    /** The optimizer registered as {@code name}; options the provider does not list are rejected. */
    public static Optimizer create(String name, Iterable<Tensor> params, Options options) {
        OptimizerProvider provider = registry().get(name);
        Options named = options.forOwner(provider.name());
        named.requireOnly(new LinkedHashSet<>(provider.parameterNames()));
        return provider.create(params, named);
    }
}
