package dev.lanes.bench.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two ways of doing the same work timed in pairs: each pair times a burst of the first and a burst of the second back
 * to back, order alternating between pairs, and the result is the median of the per-pair time ratios. Both sides of
 * a pair see the same minute of a shared machine, so differences of a few tenths of a percent show that separate
 * JMH runs (±5 % run to run) cannot. Used by {@link FusionPairs} and by the probes under bench/scripts/probe.
 */
public final class PairedBursts {

    /** Median µs per call of each side, the median of second/first over the pairs, and how often first was faster. */
    public record Result(double firstMicros, double secondMicros, double medianRatio, double firstWins) {
    }

    private static float sink;

    private PairedBursts() {
    }

    /**
     * Warms both up for a quarter of {@code seconds}, then pairs bursts for {@code seconds}; a burst is as many calls
     * as make one burst of {@code first} last at least {@code burstNanos}. The calls' results are consumed.
     */
    public static Result measure(Supplier<float[]> first, Supplier<float[]> second, double seconds,
                                 long burstNanos) {
        int reps = calibrate(first, burstNanos);
        long warmEnd = System.nanoTime() + (long) (seconds * 0.25e9);
        while (System.nanoTime() < warmEnd) {
            burst(first, reps);
            burst(second, reps);
        }
        List<long[]> pairs = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; System.nanoTime() < end; i++) {
            long a;
            long b;
            if ((i & 1) == 0) {
                a = burst(first, reps);
                b = burst(second, reps);
            } else {
                b = burst(second, reps);
                a = burst(first, reps);
            }
            pairs.add(new long[] {a, b});
        }
        double[] ratios = pairs.stream().mapToDouble(p -> (double) p[1] / p[0]).sorted().toArray();
        double[] a = pairs.stream().mapToDouble(p -> p[0] / 1e3 / reps).sorted().toArray();
        double[] b = pairs.stream().mapToDouble(p -> p[1] / 1e3 / reps).sorted().toArray();
        long wins = pairs.stream().filter(p -> p[0] < p[1]).count();
        return new Result(median(a), median(b), median(ratios), (double) wins / pairs.size());
    }

    /** Calls per burst: enough that one burst of {@code call} lasts {@code burstNanos}. */
    private static int calibrate(Supplier<float[]> call, long burstNanos) {
        int reps = 1;
        for (int i = 0; i < 3; i++) { // the first rounds run interpreted; settle on the last
            reps = 1;
            while (burst(call, reps) < burstNanos) {
                reps *= 2;
            }
        }
        return reps;
    }

    private static long burst(Supplier<float[]> call, int reps) {
        long t0 = System.nanoTime();
        float[] last = null;
        for (int i = 0; i < reps; i++) {
            last = call.get();
        }
        long t = System.nanoTime() - t0;
        sink += last[0]; // keeps the calls' results observable
        return t;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
