package dev.lanes.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Linear;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's plugin example (the {@code FeatureScale} layer) compiles as printed, imports included (a reader who
 * writes {@code import dev.lanes.nn.*;} gets {@code Module} ambiguous with {@code java.lang.Module}), and its
 * provider builds a layer that scales its input.
 */
class ReadmePluginExampleIT {

    @TempDir
    Path dir;

    @Test
    void theFeatureScaleExampleCompilesAsPrintedAndWorks() throws Exception {
        String source = ReadmeExampleIT.firstJavaBlock("## Plugins: layers, losses and optimizers");
        assertTrue(source.contains("import dev.lanes.nn.Module;"), "the example imports Module by name:\n" + source);
        Path file = Files.writeString(dir.resolve("FeatureScale.java"), source);
        Path classes = dir.resolve("classes");
        Path engine = ForkedJava.locationOf(Module.class);
        ForkedJava.compile(List.of("-cp", ForkedJava.path(engine, ForkedJava.locationOf(Linear.class)), "-d",
                classes.toString()), List.of(file));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            LayerProvider provider = (LayerProvider) loader.loadClass("FeatureScale$Provider")
                    .getDeclaredConstructor().newInstance();
            assertEquals("featurescale", provider.name());
            Module layer = provider.create(Options.of("features", 3));
            Tensor y = layer.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3));
            assertEquals(List.of("scale"), layer.namedParameters().keySet().stream().toList());
            assertEquals(2f, y.toArray2d()[0][1]);
        }
    }
}
