package dev.lanes.spi;

import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.util.LinkedHashSet;

/** Optimizers by registry name: {@code Optimizers.create("adam", model.parameters(), Options.of("lr", 0.01))}. */
public final class Optimizers {

    private Optimizers() {
    }

    private static final class Holder { // loaded on first use, with the class loader current then
        static final ProviderRegistry<OptimizerProvider> REGISTRY =
                ProviderRegistry.load(OptimizerProvider.class, "optimizer");
    }

    /** Every optimizer provider on the class path, by name. */
    public static ProviderRegistry<OptimizerProvider> registry() {
        return Holder.REGISTRY;
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
