package dev.lanes.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each seed program trains: its loss falls, on several seeds; the same seed repeats the same run. */
class SeedExamplesTest {

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void assertFalls(float[] losses, String what) {
        float first = losses[0];
        float last = losses[losses.length - 1];
        assertTrue(Float.isFinite(last) && last < first, what + ": loss " + first + " -> " + last);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void sequentialProgramLossFalls(long seed) {
        assertFalls(SequentialExample.run(sink(), seed), "sequential seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void moduleProgramLossFalls(long seed) {
        assertFalls(ModuleExample.run(sink(), seed), "module seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void parameterListAndDictProgramsLossFallsAndAgree(long seed) {
        float[][] runs = ParameterListExample.run(sink(), seed);
        assertFalls(runs[0], "parameter-list seed " + seed);
        // same initial values drawn in the same order: the two containers give the same training run
        assertArrayEquals(runs[0], runs[1]);
    }

    @ParameterizedTest
    @ValueSource(longs = {0})
    void sameSeedSameRun(long seed) {
        assertArrayEquals(SequentialExample.run(sink(), seed), SequentialExample.run(sink(), seed));
    }
}
