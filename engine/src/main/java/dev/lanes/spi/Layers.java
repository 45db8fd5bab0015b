package dev.lanes.spi;

import dev.lanes.nn.Module;

/** Layers by name: {@code Layers.create("linear", Options.of("in", 3, "out", 10))}. */
public final class Layers {

    private Layers() {
    }

    private static final class Holder { // loaded once, on first use
        static final ProviderRegistry<LayerProvider> REGISTRY = ProviderRegistry.load(LayerProvider.class, "layer");
    }

    public static ProviderRegistry<LayerProvider> registry() {
        return Holder.REGISTRY;
    }

    /** Builds layer {@code name} (any case); unknown option names fail, listing the known ones. */
    public static Module create(String name, Options options) {
        LayerProvider provider = registry().get(name);
        return provider.create(ProviderOptions.checked(provider, options));
    }
}
