package dev.lanes.bench;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Run in a JVM of its own by {@link BenchmarksRefuseScalarTest}: finds every class with {@code @Benchmark} methods
 * among the bench classes, sets its {@code @Param} fields to their first default value, runs its trial setups as a
 * JMH fork would, and prints one line per class: {@value #PREFIX}, its name, then the exception the setup threw or
 * "no error".
 */
public final class BenchmarkSetups {

    static final String PREFIX = "setup ";

    private BenchmarkSetups() {
    }

    public static void main(String[] args) throws Exception {
        for (Class<?> type : benchmarkClasses()) {
            System.out.println(PREFIX + type.getName() + ": " + setUp(type));
        }
    }

    static List<Class<?>> benchmarkClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(VectorOnly.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                if (name.contains("jmh_generated") || name.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()));
                if (Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(Benchmark.class))) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    private static String setUp(Class<?> type) throws ReflectiveOperationException {
        Object benchmark = type.getDeclaredConstructor().newInstance();
        for (Field field : type.getFields()) {
            Param param = field.getAnnotation(Param.class);
            if (param != null) {
                String first = param.value()[0];
                field.set(benchmark, field.getType() == int.class ? (Object) Integer.parseInt(first) : first);
            }
        }
        for (Method method : type.getMethods()) {
            Setup setup = method.getAnnotation(Setup.class);
            if (setup != null && setup.value() == Level.Trial) {
                try {
                    method.invoke(benchmark);
                } catch (InvocationTargetException e) {
                    return e.getCause().toString();
                }
            }
        }
        return "no error";
    }
}
