package dev.lanes.cli.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Classification results against true labels: accuracy, per-class precision and recall, confusion matrix. */
public final class Metrics {

    private final List<String> classes;
    private final int[][] confusion; // [true][predicted]
    private int total;
    private int correct;

    public Metrics(List<String> classes) {
        this.classes = classes;
        this.confusion = new int[classes.size()][classes.size()];
    }

    public void add(int trueClass, int predicted) {
        confusion[trueClass][predicted]++;
        total++;
        if (trueClass == predicted) {
            correct++;
        }
    }

    public int total() {
        return total;
    }

    public int correct() {
        return correct;
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Of the rows predicted as {@code c}, the fraction that are {@code c}; NaN when none was predicted. */
    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
    }

    /** Of the rows that are {@code c}, the fraction predicted as {@code c}; NaN when there are none. */
    public double recall(int c) {
        int actual = 0;
        for (int v : confusion[c]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) confusion[c][c] / actual;
    }

    public int count(int trueClass, int predicted) {
        return confusion[trueClass][predicted];
    }

    /** The per-class table and the confusion matrix (rows: true class, columns: predicted class). */
    public void print(PrintStream out) {
        int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(1));
        out.printf(Locale.ROOT, "%-" + width + "s  %9s  %6s  %7s%n", "class", "precision", "recall", "support");
        for (int c = 0; c < classes.size(); c++) {
            int support = 0;
            for (int v : confusion[c]) {
                support += v;
            }
            out.printf(Locale.ROOT, "%-" + width + "s  %9s  %6s  %7d%n", classes.get(c), percent(precision(c)),
                    percent(recall(c)), support);
        }
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        int cell = Math.max(width, Integer.toString(total).length());
        StringBuilder header = new StringBuilder(" ".repeat(width));
        for (String name : classes) {
            header.append(' ').append(String.format(Locale.ROOT, "%" + cell + "s", name));
        }
        out.println(header);
        for (int t = 0; t < classes.size(); t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", classes.get(t)));
            for (int p = 0; p < classes.size(); p++) {
                row.append(' ').append(String.format(Locale.ROOT, "%" + cell + "d", confusion[t][p]));
            }
            out.println(row);
        }
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
