package dev.lanes.modules;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles and launches Java programs in fresh JVMs, as a user would from a shell, for tests of start-up behaviour. */
public final class ForkedJava {

    private ForkedJava() {
    }

    /** What a forked JVM printed (stdout and stderr together) and its exit code. */
    public record Run(int exitCode, String output) {
    }

    /** The jar or classes folder {@code type} was loaded from: how engine and layers reach a forked JVM. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path-separator-joined list, for --module-path and -cp. */
    public static String path(Path... entries) {
        List<String> parts = new ArrayList<>();
        for (Path p : entries) {
            parts.add(p.toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** Compiles {@code sources} with {@code options}; fails the test with javac's messages on an error. */
    public static void compile(List<String> options, List<Path> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(options);
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = javac.run(null, messages, messages, args.toArray(String[]::new));
        if (rc != 0) {
            fail("javac " + String.join(" ", args) + " failed:\n" + messages.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs {@code java} with {@code args}, waiting at most a minute. */
    public static Run java(String... args) throws IOException, InterruptedException {
        return javaIn(Path.of(""), args);
    }

    /** Runs {@code java} with {@code args} in the working directory {@code dir}, waiting at most a minute. */
    public static Run javaIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toAbsolutePath().toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
