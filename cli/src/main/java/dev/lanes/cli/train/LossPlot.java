package dev.lanes.cli.train;

import dev.lanes.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the training curves as a PNG with Java's own imaging (headless AWT, no extra library): train and test loss
 * per epoch on the left, test accuracy on the right (classification only).
 */
public final class LossPlot {

    private static final int PANEL_W = 480;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 52;
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color TEST = new Color(0xff7f0e);

    private LossPlot() {
    }

    public static void write(Path file, List<Trainer.EpochResult> history, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        boolean accuracy = !history.isEmpty() && !Double.isNaN(history.get(0).testAccuracy());
        BufferedImage img = new BufferedImage(PANEL_W * (accuracy ? 2 : 1), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 16);
        double maxLoss = history.stream().mapToDouble(r -> Math.max(r.trainLoss(), r.testLoss())).max().orElse(1);
        panel(g, 0, history, "loss", 0, maxLoss, new Series[] {
            new Series("train loss", TRAIN, Trainer.EpochResult::trainLoss),
            new Series("test loss", TEST, Trainer.EpochResult::testLoss)});
        if (accuracy) {
            double minAcc = history.stream().mapToDouble(Trainer.EpochResult::testAccuracy).min().orElse(0);
            panel(g, PANEL_W, history, "test accuracy", Math.floor(minAcc * 10) / 10, 1, new Series[] {
                new Series("test accuracy", TEST, Trainer.EpochResult::testAccuracy)});
        }
        g.dispose();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    private record Series(String name, Color color, ToDoubleFunction<Trainer.EpochResult> value) {
    }

    private static void panel(Graphics2D g, int x0, List<Trainer.EpochResult> h, String label, double lo, double hi,
            Series[] series) {
        int left = x0 + MARGIN;
        int right = x0 + PANEL_W - 16;
        int top = 32;
        int bottom = HEIGHT - 40;
        double span = hi > lo ? hi - lo : 1;
        g.setColor(Color.LIGHT_GRAY);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.3g", lo + span * i / 4), x0 + 4, y + 4);
            g.setColor(Color.LIGHT_GRAY);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        int n = h.size();
        int firstEpoch = n == 0 ? 1 : h.get(0).epoch();
        int lastEpoch = n == 0 ? 1 : h.get(n - 1).epoch();
        g.drawString("epoch " + firstEpoch, left, bottom + 16);
        g.drawString(Integer.toString(lastEpoch), right - 16, bottom + 16);
        g.drawString(label, left + (right - left) / 2 - 30, HEIGHT - 8);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.length; s++) {
            Series ser = series[s];
            g.setColor(ser.color());
            int px = -1;
            int py = -1;
            for (int i = 0; i < n; i++) {
                int x = n == 1 ? left : left + (right - left) * i / (n - 1);
                int y = bottom - (int) Math.round((bottom - top) * (ser.value().applyAsDouble(h.get(i)) - lo) / span);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 2, y - 2, 5, 5);
                px = x;
                py = y;
            }
            g.drawString(ser.name(), right - 110, top + 16 + 14 * s);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
