package dev.lanes.bench.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PredictorBenchmarkTest {

    @AfterEach
    void oneThreadAgain() {
        Kernels.setThreads(1);
    }

    @Test
    void anyDepthGetsReluOnHiddenLayersOnly() {
        assertEquals("10-10:none", PredictorBenchmark.spec("10-10"));
        assertEquals("64-128-64-10:relu,relu,none", PredictorBenchmark.spec("64-128-64-10"));
        assertEquals("8-4-4-4-2:relu,relu,relu,none", PredictorBenchmark.spec("8-4-4-4-2"));
    }

    @Test
    void oneLayerNetworkRuns() {
        PredictorBenchmark b = new PredictorBenchmark();
        b.sizes = "10-10";
        b.threads = "all";
        b.setUp();
        assertEquals(10, b.predictOne().length);
    }

    @Test
    void badSizesSayWhatIsAccepted() {
        for (String bad : new String[] {"10", "10-", "a-b", "64x10", "10-0"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> PredictorBenchmark.spec(bad));
            assertTrue(e.getMessage().startsWith("sizes must be two or more positive layer widths joined by '-'")
                    && e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
        }
    }
}
