package dev.lanes.bench.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceBenchmarkTest {

    @AfterEach
    void oneThreadAgain() {
        Kernels.setThreads(1);
    }

    @Test
    void threadsAllMeansEveryProcessor() {
        InferenceBenchmark b = predictor("all");
        b.setUp();
        assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.threads());
        b.predict();
    }

    @Test
    void badThreadsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, predictor("many")::setUp);
        assertEquals("threads must be a positive count or all, got 'many'", e.getMessage());
    }

    private static InferenceBenchmark predictor(String threads) {
        InferenceBenchmark b = new InferenceBenchmark();
        b.model = "b1-64";
        b.path = "predictor";
        b.threads = threads;
        return b;
    }
}
