package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Kernel} method has a test marked {@link Checks} (EJML's TestMatrixMatrixMult idea): a method added
 * to the interface without a vector-against-scalar check fails here, naming it. An overloaded method is named with
 * its parameter count, {@code matmul(10)}, so each overload needs its own check.
 */
class KernelCoverageTest {

    /** The containers whose {@link Checks} marks count. A new container must be listed here. */
    static final List<Class<?>> CONTAINERS = List.of(GemmProperties.class, LinearProperties.class,
            ElementwiseProperties.class, OptimizerProperties.class, KernelSelectionTest.class,
            PackedLinearProperties.class, NormProperties.class);

    @Test
    void everyKernelMethodHasAChecker() {
        List<Method> instanceMethods = Arrays.stream(Kernel.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .toList();
        Map<String, Long> overloads = instanceMethods.stream()
                .collect(Collectors.groupingBy(Method::getName, Collectors.counting()));
        Set<String> methods = instanceMethods.stream()
                .map(m -> overloads.get(m.getName()) > 1 ? m.getName() + "(" + m.getParameterCount() + ")"
                        : m.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> checked = CONTAINERS.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Checks.class))
                .map(m -> m.getAnnotation(Checks.class).value())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unchecked = new TreeSet<>(methods);
        unchecked.removeAll(checked);
        Set<String> stale = new TreeSet<>(checked);
        stale.removeAll(methods);
        assertEquals(Set.of(), unchecked, "Kernel methods with no @Checks test");
        assertEquals(Set.of(), stale, "@Checks names that are not Kernel methods");
    }
}
