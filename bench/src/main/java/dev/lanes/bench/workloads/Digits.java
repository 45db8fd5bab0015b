package dev.lanes.bench.workloads;

import java.io.IOException;
import java.math.BigInteger;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bundled 8x8 handwritten digits (1797 rows of 64 pixels 0..16 and a label), read from the cli module's
 * resource in the source tree, pixels scaled to [0, 1], and split 80/20 — exactly as
 * {@code bench/scripts/torch_workloads.py} splits them, so both sides test on the same rows.
 */
record Digits(float[] trainX, int[] trainY, float[] testX, int[] testY) {

    static final int FEATURES = 64;
    static final int CLASSES = 10;
    /** A prime; any stride coprime with the row count gives a permutation. */
    static final int STRIDE = 7919;
    /** Relative to the repository root; {@code -Dlanes.digits=FILE} overrides. */
    static final String DEFAULT_PATH = "cli/src/main/resources/dev/lanes/cli/data/digits.csv";

    int trainRows() {
        return trainY.length;
    }

    int testRows() {
        return testY.length;
    }

    static Digits load() {
        Path file = locate();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("can't read the digits CSV " + file, e);
        }
        int rows = lines.size() - 1; // header
        float[] x = new float[rows * FEATURES];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1).split(",");
            if (cells.length != FEATURES + 1) {
                throw new IllegalStateException(file + " line " + (r + 2) + ": " + cells.length
                        + " columns, expected " + (FEATURES + 1));
            }
            for (int c = 0; c < FEATURES; c++) {
                x[r * FEATURES + c] = Float.parseFloat(cells[c]) / 16f;
            }
            y[r] = Integer.parseInt(cells[FEATURES].trim());
        }
        return split(x, y);
    }

    private static Path locate() {
        String given = System.getProperty("lanes.digits");
        Path file = Path.of(given != null ? given : DEFAULT_PATH);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("digits CSV not found at " + file.toAbsolutePath()
                    + "; run from the repository root or pass -Dlanes.digits=FILE");
        }
        return file;
    }

    /**
     * Row k of the split is row (k·STRIDE) mod n of the file: a permutation that mixes the file's writers and
     * that the Python side computes the same way. The first 80% (rounded down) train, the rest test.
     */
    private static Digits split(float[] x, int[] y) {
        int rows = y.length;
        if (BigInteger.valueOf(rows).gcd(BigInteger.valueOf(STRIDE)).intValue() != 1) {
            throw new IllegalStateException(rows + " digit rows share a factor with the split stride " + STRIDE);
        }
        int[] order = new int[rows];
        for (int k = 0; k < rows; k++) {
            order[k] = (int) ((long) k * STRIDE % rows);
        }
        int cut = (int) (rows * 0.8);
        float[] trX = new float[cut * FEATURES];
        int[] trY = new int[cut];
        float[] teX = new float[(rows - cut) * FEATURES];
        int[] teY = new int[rows - cut];
        for (int i = 0; i < rows; i++) {
            int src = order[i];
            if (i < cut) {
                System.arraycopy(x, src * FEATURES, trX, i * FEATURES, FEATURES);
                trY[i] = y[src];
            } else {
                System.arraycopy(x, src * FEATURES, teX, (i - cut) * FEATURES, FEATURES);
                teY[i - cut] = y[src];
            }
        }
        return new Digits(trX, trY, teX, teY);
    }
}
