package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The contract every registered plugin of one kind meets: its autograd gradients match finite differences on
 * the provider's own samples (in the spirit of jqwik's {@code ComparatorContract}). Implementations say which
 * names are registered and how to check one; generation is exhaustive, so every name is checked on every seed,
 * including any plugin registered after this test was written.
 */
interface GradientCheckContract {

    /** The registry's names. */
    Set<String> registeredNames();

    /** The mismatches of plugin {@code name} on the sample drawn with {@code seed}. */
    List<String> gradientMismatches(String name, long seed);

    @Property(generation = GenerationMode.EXHAUSTIVE)
    default void gradientsMatchFiniteDifferences(@ForAll("names") String name,
                                                 @ForAll @LongRange(min = 0, max = 2) long seed) {
        List<String> mismatches = gradientMismatches(name, seed);
        assertTrue(mismatches.isEmpty(), name + " (seed " + seed + "): " + mismatches);
    }

    @Example
    default void registryIsNotEmpty() {
        assertFalse(registeredNames().isEmpty(), "no plugins registered: is lanes-layers on the class path?");
    }

    @Provide
    default Arbitrary<String> names() {
        return Arbitraries.of(registeredNames());
    }
}
