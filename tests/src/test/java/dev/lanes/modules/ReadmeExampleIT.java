package dev.lanes.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.layers.Linear;
import dev.lanes.spi.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Embed it in your service" example compiles and runs as printed: its Java block is taken from README.md's
 * section of that name, compiled against the built engine and layers, and run in a fresh JVM next to a digits-shaped model file.
 */
class ReadmeExampleIT {

    static final String SECTION = "## Embed it in your service";

    @TempDir
    Path dir;

    /** The repository root: tests run in {@code tests/}. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) ? here : here.getParent();
    }

    /** The first java block of README.md's section. */
    static String example() throws Exception {
        return firstJavaBlock(SECTION);
    }

    /** The first java block of README.md's section {@code heading} (a {@code ## } line). */
    static String firstJavaBlock(String heading) throws Exception {
        String text = Files.readString(root().resolve("README.md"));
        int start = text.indexOf(heading + "\n");
        assertTrue(start >= 0, "README.md has no '" + heading + "' section");
        int end = text.indexOf("\n## ", start + heading.length());
        String section = text.substring(start, end < 0 ? text.length() : end);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), "README.md: the section has no ```java block");
        return m.group(1);
    }

    @Test
    void theExampleCompilesAndRuns() throws Exception {
        String source = example();
        assertTrue(source.lines().count() <= 25, "the example stays short:\n" + source);
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example declares a public class:\n" + source);
        Path file = Files.writeString(dir.resolve(name.group(1) + ".java"), source);

        String spec = "64-128-64-10:relu,relu,none";
        List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        ModelFile.save(dir.resolve("digits.safetensors"), ModelSpec.parse(spec, 1),
                new ModelMetadata(spec, digits, List.of(), "digit", null, null));

        Path engine = ForkedJava.locationOf(Predictor.class);
        Path layers = ForkedJava.locationOf(Linear.class);
        Path classes = dir.resolve("classes");
        ForkedJava.compile(List.of("-cp", ForkedJava.path(engine, layers), "-d", classes.toString()), List.of(file));
        ForkedJava.Run run = ForkedJava.javaIn(dir, "--add-modules", "jdk.incubator.vector", "-cp",
                ForkedJava.path(classes, engine, layers), name.group(1));

        assertEquals(0, run.exitCode(), run.output());
        List<String> answers = run.output().lines().filter(l -> l.startsWith("digit ")).toList();
        assertEquals(8, answers.size(), run.output());
        for (String a : answers) {
            assertTrue(a.matches("digit [0-9], hidden layer: 128 values"), a);
        }
        assertTrue(run.output().lines().anyMatch(l -> l.startsWith("scores [") && l.split(",").length == 10),
                run.output());
    }
}
