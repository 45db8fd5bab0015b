package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.nn.Generator;
import dev.lanes.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/**
 * Dropout's mask is the definition's: element i is dropped when the i-th uniform draw u is below p and otherwise
 * scaled by 1/(1-p), whichever generator it draws from (a Generator's bulk draw and a plain Random's one by one).
 */
class DropoutMaskTest {

    private static void assertMaskIsTheDefinitions(float p, long seed, int n, boolean generator) {
        Tensor ones = Tensor.ones(n);
        Dropout dropout = new Dropout(p, generator ? new Generator(seed) : new Random(seed));
        dropout.train();
        float[] got = dropout.forward(ones).toArray();
        Random u = new Random(seed);
        for (int i = 0; i < n; i++) {
            float expected = u.nextFloat() < p ? 0f : 1f / (1f - p);
            assertEquals(expected, got[i], "element " + i + " at p = " + p);
        }
    }

    @Property(tries = 200)
    void masksFollowTheDefinition(@ForAll @FloatRange(min = 0.0001f, max = 1f) @Scale(6) float p, @ForAll long seed,
                                  @ForAll @IntRange(min = 1, max = 300) int n, @ForAll boolean generator) {
        assertMaskIsTheDefinitions(p, seed, n, generator);
    }

    @Test
    void edgeProbabilities() {
        for (float p : new float[] {Float.MIN_VALUE, 0x1.0p-24f, 0.5f, 1f - 0x1.0p-24f, 1f}) {
            assertMaskIsTheDefinitions(p, 7, 5000, true);
            assertMaskIsTheDefinitions(p, 7, 5000, false);
        }
    }
}
