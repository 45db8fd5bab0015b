package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Generator.nextFloats draws exactly the floats that as many nextFloat calls of java.util.Random draw. */
class GeneratorBulkTest {

    @Property(tries = 300)
    void nextFloatsIsThatManyNextFloatCalls(@ForAll long seed,
                                            @ForAll @Size(max = 8) int[] lengths,
                                            @ForAll @IntRange(min = 0, max = 3) int offset) {
        Random reference = new Random(seed);
        Generator generator = new Generator(seed);
        for (int length : lengths) {
            int len = Math.floorMod(length, 70); // short and long runs, below and above the four-state loop
            float[] bulk = new float[offset + len + 2];
            generator.nextFloats(bulk, offset, len);
            for (int i = 0; i < len; i++) {
                assertEquals(reference.nextFloat(), bulk[offset + i], "float " + i + " of " + len);
            }
            assertEquals(0f, bulk[offset + len]); // nothing written past the range
            assertEquals(reference.nextGaussian(), generator.nextGaussian(), "the stream goes on after it");
        }
    }

    @Test
    void aRangeOutsideTheArrayIsRefused() {
        Generator g = new Generator(1);
        assertThrows(IndexOutOfBoundsException.class, () -> g.nextFloats(new float[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> g.nextFloats(new float[4], -1, 2));
    }
}
