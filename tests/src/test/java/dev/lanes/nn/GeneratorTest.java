package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Generator draws what java.util.Random draws, and its state, saved anywhere in the stream, continues it exactly. */
class GeneratorTest {

    /** One draw of a kind chosen by {@code kind}, as a double, so two generators' streams can be compared. */
    private static double draw(RandomGenerator g, int kind) {
        return switch (kind) {
            case 0 -> g.nextFloat();
            case 1 -> g.nextGaussian();
            case 2 -> g.nextInt();
            case 3 -> g.nextInt(1000);
            case 4 -> g.nextLong();
            case 5 -> g.nextDouble();
            case 6 -> g.nextBoolean() ? 1 : 0;
            default -> g.nextGaussian(); // Gaussians come in pairs: odd runs leave one kept
        };
    }

    @Property(tries = 200)
    void drawsWhatJavaUtilRandomDraws(@ForAll long seed, @ForAll("kinds") int[] kinds) {
        Random reference = new Random(seed);
        Generator generator = new Generator(seed);
        for (int kind : kinds) {
            assertEquals(draw(reference, kind), draw(generator, kind));
        }
        reference.setSeed(seed + 1);
        generator.setSeed(seed + 1);
        for (int kind : kinds) {
            assertEquals(draw(reference, kind), draw(generator, kind), "after setSeed");
        }
    }

    @Property(tries = 200)
    void aSavedStateContinuesTheStream(@ForAll long seed, @ForAll("kinds") int[] before,
                                       @ForAll("kinds") int[] after) {
        Generator original = new Generator(seed);
        for (int kind : before) {
            draw(original, kind);
        }
        Generator.State state = original.getState();
        Generator copy = Generator.of(Generator.State.decode(state.encode()));
        for (int kind : after) {
            assertEquals(draw(original, kind), draw(copy, kind));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<int[]> kinds() {
        return net.jqwik.api.Arbitraries.integers().between(0, 7).array(int[].class).ofMaxSize(40);
    }

    @Test
    void aKeptGaussianIsPartOfTheState() {
        Generator g = new Generator(3);
        g.nextGaussian(); // the second of the pair is kept
        Generator.State state = g.getState();
        assertTrue(state.hasCachedGaussian());
        double next = g.nextGaussian();
        g.setState(state);
        assertEquals(next, g.nextGaussian());
        assertTrue(state.encode().matches("lcg48:[0-9a-f]{12}:[0-9a-f]{16}"), state.encode());
    }

    @Property(tries = 50)
    void encodingRoundTrips(@ForAll @IntRange(min = 0, max = 30) int draws, @ForAll long seed) {
        Generator g = new Generator(seed);
        for (int i = 0; i < draws; i++) {
            g.nextGaussian();
        }
        assertEquals(g.getState(), Generator.State.decode(g.getState().encode()));
    }

    @Test
    void malformedStatesAreRefusedSayingWhy() {
        for (String bad : new String[] {"", "lcg48:", "lcg48:12345", "lcg48:0123456789ab:12", "lcg48:zz3456789abc",
                "mt:0123456789ab", "lcg48:0123456789ab:7ff0000000000000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Generator.State.decode(bad), bad);
            assertTrue(e.getMessage().contains("generator state"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Generator.State(1L << 48, false, 0));
    }

    @Test
    void manualSeedReseedsTheOneDefaultGenerator() {
        Generator before = Init.defaultGenerator();
        Init.manualSeed(42);
        assertSame(before, Init.defaultGenerator());
        float first = before.nextFloat();
        Init.manualSeed(42);
        assertEquals(first, Init.defaultGenerator().nextFloat());
        assertEquals(new Random(42).nextFloat(), first);
    }
}
