package dev.lanes.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    private static String print(boolean live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), live, 12);
        p.batchDone(3, 100, 400, 0.5, 0.01);
        p.batchDone(3, 400, 400, 0.25, 0.04);
        p.epochDone(new Trainer.EpochResult(3, 0.25, 0.3, 0.9, 0.05, 400));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsALiveBarWithRateLossAndEta() {
        String s = print(true);
        assertTrue(s.startsWith("\repoch  3/12 [======>"), s);
        assertTrue(s.contains("100/400  10000 samples/s  loss 0.5000  ETA 0.0s"), s);
        assertTrue(s.contains("400/400"), s);
        assertTrue(s.endsWith("test accuracy  90.0%  (0.05 s, 8000 samples/s)" + System.lineSeparator()), s);
    }

    @Test
    void otherwiseOnePlainLinePerEpoch() {
        String s = print(false);
        assertEquals("epoch  3/12  train loss 0.2500  test loss 0.3000  test accuracy  90.0%  (0.05 s, 8000 samples/s)"
                + System.lineSeparator(), s);
    }

    @Test
    void anEpochCutShortEndsTheBarsLineSoTheErrorStartsOnItsOwn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 12);
        p.batchDone(3, 100, 400, 0.5, 0.01);
        p.endLine();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.endsWith("ETA 0.0s\u001b[K" + System.lineSeparator()), s);
    }

    @Test
    void afterAFinishedEpochEndLineAddsNothing() {
        for (boolean live : new boolean[] {true, false}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), live, 12);
            p.batchDone(3, 400, 400, 0.25, 0.04);
            p.epochDone(new Trainer.EpochResult(3, 0.25, 0.3, 0.9, 0.05, 400));
            String before = bytes.toString(StandardCharsets.UTF_8);
            p.endLine();
            assertEquals(before, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG"));
        try {
            assertTrue(print(true).contains("100/400  10000 samples/s  loss 0.5000  ETA 0.0s"));
            assertTrue(print(false).startsWith("epoch  3/12  train loss 0.2500"));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
