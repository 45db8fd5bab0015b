package dev.lanes.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's API documentation builds: javadoc with doclint (broken {@code @link}s, unknown parameters, malformed
 * HTML such as a bare {@code <}) over the engine's and the layers' sources, as a user running {@code javadoc} or
 * Maven's javadoc plugin would. Missing comments are not checked.
 */
class JavadocTest {

    private static final List<Path> SOURCES = List.of(Path.of("../engine/src/main/java"),
            Path.of("../layers/src/main/java"));

    @TempDir
    Path out;

    @Test
    void engineAndLayersJavadocHasNoErrors() throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-quiet", "-Xdoclint:all,-missing",
                "--add-modules", "jdk.incubator.vector", "-sourcepath",
                String.join(java.io.File.pathSeparator, SOURCES.stream().map(Path::toString).toList())));
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java"))
                        .forEach(f -> args.add(f.toString()));
            }
        }
        StringWriter log = new StringWriter();
        PrintWriter writer = new PrintWriter(log);
        int exit = ToolProvider.findFirst("javadoc").orElseThrow().run(writer, writer, args.toArray(String[]::new));
        writer.flush();
        String errors = log.toString().lines().filter(l -> l.contains("error")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(0, exit, "javadoc failed:\n" + errors + log);
    }
}
