package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Kernel} method has a test marked {@link Checks} (EJML's TestMatrixMatrixMult idea): a method added
 * to the interface without a vector-against-scalar check fails here, naming it.
 */
class KernelCoverageTest {

    /** The containers whose {@link Checks} marks count. A new container must be listed here. */
    static final List<Class<?>> CONTAINERS = List.of(GemmProperties.class, LinearProperties.class,
            ElementwiseProperties.class, OptimizerProperties.class, KernelSelectionTest.class,
            PackedLinearProperties.class, NormProperties.class);

    @Test
    void everyKernelMethodHasAChecker() {
        Set<String> methods = Arrays.stream(Kernel.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
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
