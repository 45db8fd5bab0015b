package dev.lanes.spi;

import dev.lanes.nn.Module;

/** Layers by name: {@code Layers.create("linear", Options.of("in", 3, "out", 10))}. */
public final class Layers {

    private Layers() {
    }

    private static final ProviderRegistry.Loaded<LayerProvider> LOADED =
            new ProviderRegistry.Loaded<>(LayerProvider.class, "layer");

    /**
     * Every layer provider visible to the context class loader of the first caller, or to the engine's own class
     * loader, by name; loaded on first use.
     *
     * @throws PluginLoadException when a provider cannot be loaded (every call says so until it is fixed)
     */
    public static ProviderRegistry<LayerProvider> registry() {
        return LOADED.get();
    }

    /**
     * Looks for layer providers again, with the calling thread's context class loader and the engine's: for plugin
     * jars an application loads after the first look-up (through its own class loader).
     */
    public static ProviderRegistry<LayerProvider> reload() {
        return LOADED.reload();
    }

    /** Builds layer {@code name} (any case); unknown option names fail, listing the known ones. */
    public static Module create(String name, Options options) {
        LayerProvider provider = registry().get(name);
        return provider.create(ProviderOptions.checked(provider, options));
    }
}
