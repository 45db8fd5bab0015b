package dev.lanes.spi;

import dev.lanes.nn.Loss;

/** Losses by name: {@code Losses.create("mse", Options.of("reduction", "sum"))}. */
public final class Losses {

    private Losses() {
    }

    private static final class Holder {
        static final ProviderRegistry<LossProvider> REGISTRY = ProviderRegistry.load(LossProvider.class, "loss");
    }

    public static ProviderRegistry<LossProvider> registry() {
        return Holder.REGISTRY;
    }

    /** Builds loss {@code name} (any case); unknown option names fail, listing the known ones. */
    public static Loss create(String name, Options options) {
        LossProvider provider = registry().get(name);
        return provider.create(ProviderOptions.checked(provider, options));
    }
}
