package dev.lanes.cli.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: on a terminal a live bar per epoch (samples/s, running loss, ETA) redrawn in place;
 * otherwise (a file, a pipe, a test) one plain line per epoch.
 */
public final class ProgressPrinter implements Trainer.Listener {

    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L; // 10 redraws a second are smooth and cost nothing

    private final PrintStream out;
    private final boolean live;
    private final int totalEpochs;
    private long lastDraw;
    private boolean barShown; // a bar is on the screen without a line end after it

    public ProgressPrinter(PrintStream out, boolean live, int totalEpochs) {
        this.out = out;
        this.live = live;
        this.totalEpochs = totalEpochs;
    }

    /** True when standard output is an interactive terminal. */
    public static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void batchDone(int epoch, int samplesDone, int samplesTotal, double runningLoss, double elapsedSeconds) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (samplesDone < samplesTotal && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) BAR_WIDTH * samplesDone / samplesTotal);
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        double rate = samplesDone / Math.max(elapsedSeconds, 1e-9);
        double eta = (samplesTotal - samplesDone) / Math.max(rate, 1e-9);
        out.printf(Locale.ROOT, "\r%s [%s] %d/%d  %.0f samples/s  loss %.4f  ETA %.1fs\u001b[K", epochLabel(epoch),
                bar, samplesDone, samplesTotal, rate, runningLoss, eta);
        out.flush();
        barShown = true;
    }

    @Override
    public void epochDone(Trainer.EpochResult r) {
        if (live) {
            out.print("\r\u001b[K");
            barShown = false;
        }
        String accuracy = Double.isNaN(r.testAccuracy()) ? "" : String.format(Locale.ROOT, "  test accuracy %5.1f%%",
                100 * r.testAccuracy());
        out.printf(Locale.ROOT, "%s  train loss %.4f  test loss %.4f%s  (%.2f s, %.0f samples/s)%n", epochLabel(r.epoch()),
                r.trainLoss(), r.testLoss(), accuracy, r.seconds(), r.samples() / Math.max(r.seconds(), 1e-9));
        out.flush();
    }

    /**
     * Ends a bar left on the screen by an epoch that did not finish, so what is printed next (an error) starts on a
     * line of its own; does nothing otherwise.
     */
    public void endLine() {
        if (barShown) {
            out.println();
            out.flush();
            barShown = false;
        }
    }

    private String epochLabel(int epoch) {
        int width = Integer.toString(totalEpochs).length();
        return String.format(Locale.ROOT, "epoch %" + width + "d/%d", epoch, totalEpochs);
    }
}
