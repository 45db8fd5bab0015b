package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Nesting is bounded, so hostile input (an HTTP body of a million '[') is an error, not a stack overflow. */
class JsonTest {

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void nestingUpToTheLimitParses() {
        Object v = Json.parse(nested(Json.MAX_DEPTH));
        for (int i = 1; i < Json.MAX_DEPTH; i++) {
            v = ((List<?>) v).get(0);
        }
        assertEquals(List.of(), v);
        // depth is counted down again on the way out: siblings at the limit are fine
        Json.parse("[" + nested(Json.MAX_DEPTH - 1) + "," + nested(Json.MAX_DEPTH - 1) + "]");
    }

    @Test
    void deeperNestingIsAJsonErrorEvenWhenItWouldOverflowTheStack() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(nested(Json.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("nested deeper than " + Json.MAX_DEPTH + " levels"), e.getMessage());
        String objects = "{\"a\":".repeat(1_000_000);
        assertThrows(Json.JsonException.class, () -> Json.parse(objects));
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(1_000_000)));
    }
}
