package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.ReLU;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Options;
import dev.lanes.spi.PluginLoadException;
import dev.lanes.spi.ProviderRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the registries find plugins through class loaders, and what a broken plugin jar does: a clear
 * {@link PluginLoadException} on every look-up (not an Error, not only the first time), and a working registry
 * again once the class path is fixed.
 */
class PluginLoadingTest {

    @TempDir
    Path dir;

    private final ClassLoader original = Thread.currentThread().getContextClassLoader();

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
        Layers.reload(); // leave the shared registry as the other tests expect it
    }

    @Test
    void brokenPluginJarFailsEveryLookUpWithAClearMessageUntilFixed() throws IOException {
        useContextLoaderListing("com.example.MissingLayerProvider");
        var first = assertThrows(PluginLoadException.class, Layers::reload);
        assertTrue(first.getMessage().contains("com.example.MissingLayerProvider"), first.getMessage());
        assertTrue(first.getMessage().contains("could not load the layer plugins"), first.getMessage());
        var again = assertThrows(PluginLoadException.class, () -> Layers.create("linear", Options.of("in", 2,
                "out", 2)));
        assertEquals(first.getMessage(), again.getMessage());

        Thread.currentThread().setContextClassLoader(original);
        assertTrue(Layers.reload().contains("linear"));
        assertEquals("Linear(in_features=2, out_features=2, bias=True)",
                Layers.create("linear", Options.of("in", 2, "out", 2)).toString());
    }

    @Test
    void providerWhoseConstructorThrowsIsNamedWithTheCause() throws IOException {
        useContextLoaderListing(Throwing.class.getName());
        var e = assertThrows(PluginLoadException.class, Layers::reload);
        assertTrue(e.getMessage().contains(Throwing.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("no licence key"), e.getMessage());
    }

    @Test
    void pluginSeenOnlyThroughTheContextLoaderIsFoundOnReload() throws IOException {
        assertFalse(Layers.registry().contains("hidden"));
        useContextLoaderListing(Hidden.class.getName());
        assertTrue(Layers.reload().contains("hidden"));
        assertTrue(Layers.registry().contains("linear"), "built-ins stay"); // seen through both loaders, once
    }

    @Test
    void builtInsAreFoundWhenTheContextLoaderCannotSeeTheEngine() {
        Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
        assertTrue(Layers.reload().names().containsAll(RegistryTest.BUILTIN_LAYERS));
    }

    @Test
    void namesThatASpecCannotHoldAreRejectedAtRegistration() {
        for (String bad : new String[] {"my-layer", "2x", "", "a b"}) {
            var e = assertThrows(PluginLoadException.class,
                    () -> ProviderRegistry.of("layer", List.of(new Named(bad))));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains(Named.class.getName()),
                    e.getMessage());
        }
        var nullName = assertThrows(PluginLoadException.class,
                () -> ProviderRegistry.of("layer", List.of(new Named(null))));
        assertTrue(nullName.getMessage().contains("is named null"), nullName.getMessage());
        assertEquals(List.of("my_layer2"),
                List.copyOf(ProviderRegistry.of("layer", List.of(new Named("My_Layer2"))).names()));
    }

    @Test
    void providerWithoutParameterListIsRejected() {
        LayerProvider noList = new Named("scale") {
            @Override
            public List<String> parameterNames() {
                return null;
            }
        };
        var e = assertThrows(PluginLoadException.class, () -> ProviderRegistry.of("layer", List.of(noList)));
        assertTrue(e.getMessage().contains("parameterNames()"), e.getMessage());
    }

    /** Makes the context class loader one that also sees a service file listing {@code providerClass}. */
    private void useContextLoaderListing(String providerClass) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(LayerProvider.class.getName()), providerClass + "\n");
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, original);
        Thread.currentThread().setContextClassLoader(loader);
    }

    /** A provider under any name, building a ReLU. */
    static class Named implements LayerProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> parameterNames() {
            return List.of();
        }

        @Override
        public Module create(Options options) {
            return new ReLU();
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new ReLU.Provider().sample(rng);
        }
    }

    /** Listed only in a service file the tests write, so only a reload through that loader finds it. */
    public static final class Hidden extends Named {
        public Hidden() {
            super("hidden");
        }
    }

    /** A plugin that cannot be built. */
    public static final class Throwing extends Named {
        public Throwing() {
            super("throwing");
            throw new IllegalStateException("no licence key");
        }
    }
}
