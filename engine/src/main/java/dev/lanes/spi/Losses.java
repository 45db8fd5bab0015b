package dev.lanes.spi;

import dev.lanes.nn.Loss;

/** Losses by name: {@code Losses.create("mse", Options.of("reduction", "sum"))}. */
public final class Losses {

    private Losses() {
    }

    private static final ProviderRegistry.Loaded<LossProvider> LOADED =
            new ProviderRegistry.Loaded<>(LossProvider.class, "loss");

    /**
     * Every loss provider visible to the context class loader of the first caller, or to the engine's own class
     * loader, by name; loaded on first use.
     *
     * @throws PluginLoadException when a provider cannot be loaded (every call says so until it is fixed)
     */
    public static ProviderRegistry<LossProvider> registry() {
        return LOADED.get();
    }

    /**
     * Looks for loss providers again, with the calling thread's context class loader and the engine's: for plugin
     * jars an application loads after the first look-up (through its own class loader).
     */
    public static ProviderRegistry<LossProvider> reload() {
        return LOADED.reload();
    }

    /** Builds loss {@code name} (any case); unknown option names fail, listing the known ones. */
    public static Loss create(String name, Options options) {
        LossProvider provider = registry().get(name);
        return provider.create(ProviderOptions.checked(provider, options));
    }
}
