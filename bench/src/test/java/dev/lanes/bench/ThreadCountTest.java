package dev.lanes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThreadCountTest {

    @Test
    void countsAndAll() {
        assertEquals(1, ThreadCount.parse("1"));
        assertEquals(3, ThreadCount.parse("3"));
        assertEquals(Runtime.getRuntime().availableProcessors(), ThreadCount.parse("all"));
    }

    @Test
    void anythingElseIsNamedInTheError() {
        for (String bad : new String[] {"two", "0", "-1", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ThreadCount.parse(bad));
            assertEquals("threads must be a positive count or all, got '" + bad + "'", e.getMessage());
        }
    }
}
