package dev.lanes.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.Linear;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.OptimizerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors stay in step with the code: the engine exports every package that has a public type and
 * uses the three plugin kinds; the layers module provides exactly what its {@code META-INF/services} files list, so
 * a plugin added for the class path is not missing on the module path (and back).
 */
class ModuleDescriptorTest {

    static ModuleReference module(Class<?> anyType) {
        return ModuleFinder.of(ForkedJava.locationOf(anyType)).findAll().iterator().next();
    }

    @Test
    void theEngineExportsEveryPackageWithAPublicType() throws IOException {
        ModuleReference engine = module(Predictor.class);
        ModuleDescriptor d = engine.descriptor();
        assertEquals("dev.lanes.engine", d.name());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> withPublicTypes = new TreeSet<>();
        try (ModuleReader reader = engine.open()) {
            for (String name : reader.list().filter(n -> n.endsWith(".class") && !n.contains("$")
                    && !n.equals("module-info.class")).toList()) {
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class<?> c = Class.forName(className, false, Predictor.class.getClassLoader());
                    if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                        withPublicTypes.add(c.getPackageName());
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertEquals(withPublicTypes, exported);
        assertEquals(Set.of(LayerProvider.class.getName(), LossProvider.class.getName(),
                OptimizerProvider.class.getName()), d.uses());
    }

    @Test
    void theLayersModuleProvidesWhatItsServiceFilesList() throws IOException {
        ModuleReference layers = module(Linear.class);
        ModuleDescriptor d = layers.descriptor();
        assertEquals("dev.lanes.layers", d.name());
        Map<String, List<String>> provided = new TreeMap<>();
        d.provides().forEach(p -> provided.put(p.service(), p.providers()));
        Map<String, List<String>> listed = new TreeMap<>();
        try (ModuleReader reader = layers.open()) {
            for (String name : reader.list().filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                    .toList()) {
                try (InputStream in = reader.open(name).orElseThrow()) {
                    listed.put(name.substring("META-INF/services/".length()),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
                }
            }
        }
        assertEquals(listed, provided);
        assertEquals(3, provided.size(), "layers, losses and optimizers");
    }
}
