package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Losses;
import dev.lanes.spi.Options;
import dev.lanes.spi.ProviderRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-ins are all registered under unique names; look-up failures explain themselves. */
class RegistryTest {

    static final Set<String> BUILTIN_LAYERS = Set.of("linear", "relu", "sigmoid", "tanh", "leakyrelu", "gelu",
            "silu", "elu", "softmax", "logsoftmax", "dropout", "flatten", "embedding");
    static final Set<String> BUILTIN_LOSSES = Set.of("mse", "l1", "crossentropy", "nll", "bce", "bcewithlogits");

    @Test
    void everyBuiltinLayerIsRegistered() {
        assertTrue(Layers.registry().names().containsAll(BUILTIN_LAYERS), Layers.registry().names().toString());
    }

    @Test
    void everyBuiltinLossIsRegistered() {
        assertTrue(Losses.registry().names().containsAll(BUILTIN_LOSSES), Losses.registry().names().toString());
    }

    @Test
    void serviceFilesListEachProviderOnceAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Set<Class<?>> classes = new HashSet<>();
        for (LayerProvider p : ServiceLoader.load(LayerProvider.class)) {
            assertTrue(classes.add(p.getClass()), "listed twice: " + p.getClass());
            assertTrue(names.add(p.name().toLowerCase()), "name used twice: " + p.name());
        }
        assertTrue(names.containsAll(BUILTIN_LAYERS));
    }

    @Test
    void lookUpIgnoresCase() {
        assertTrue(Layers.create("LeakyReLU", Options.of("negative_slope", 0.2)).toString().contains("0.2"));
    }

    @Test
    void unknownNameListsKnownNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Layers.create("conv2d", Options.empty()));
        assertTrue(e.getMessage().contains("unknown layer 'conv2d'"), e.getMessage());
        assertTrue(e.getMessage().contains("linear, logsoftmax"), e.getMessage());
        assertTrue(e.getMessage().contains("jar"), e.getMessage());
    }

    @Test
    void unknownOptionListsKnownOptions() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Layers.create("linear", Options.of("in", 3, "out", 2, "bais", false)));
        assertTrue(e.getMessage().contains("linear: unknown option 'bais'"), e.getMessage());
        assertTrue(e.getMessage().contains("in, out, bias, seed"), e.getMessage());
    }

    @Test
    void duplicateNameNamesBothClasses() {
        LayerProvider first = new ReLU.Provider();
        LayerProvider second = new Renamed(new Sigmoid.Provider(), "RELU");
        var e = assertThrows(IllegalStateException.class, () -> ProviderRegistry.of("layer", List.of(first, second)));
        assertTrue(e.getMessage().contains(ReLU.Provider.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Renamed.class.getName()), e.getMessage());
    }

    /** A provider under another name, to provoke a clash. */
    private record Renamed(LayerProvider inner, String name) implements LayerProvider {
        @Override
        public List<String> parameterNames() {
            return inner.parameterNames();
        }

        @Override
        public dev.lanes.nn.Module create(Options options) {
            return inner.create(options);
        }

        @Override
        public dev.lanes.spi.LayerSample sample(java.util.random.RandomGenerator rng) {
            return inner.sample(rng);
        }
    }
}
