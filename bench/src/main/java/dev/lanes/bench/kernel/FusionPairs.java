package dev.lanes.bench.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Fused against unfused dense layer, measured in pairs: each pair times a burst of fused calls and a burst of
 * unfused calls back to back (order alternating between pairs) on {@link LinearBenchmark}'s state, and the result
 * is the median of the per-pair time ratios. Where fusion saves 1-3 % of a call that is almost all GEMM
 * (128x784x512), separate JMH runs of the two cannot resolve it on a shared machine (their run-to-run noise is
 * larger); paired bursts see the same minute of machine and can.
 *
 * <pre>java -cp bench/target/benchmarks.jar --add-modules jdk.incubator.vector dev.lanes.bench.kernel.FusionPairs
 *     [seconds per case, default 4] [shapes, default LinearBenchmark's] [threads: 1, all or both as "1,all"; default 1,all]</pre>
 */
public final class FusionPairs {

    /** A burst lasts at least this long, so the clock's own cost and resolution stay below 0.1 %. */
    private static final long BURST_NANOS = 200_000;

    private FusionPairs() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        List<String> shapes = args.length > 1 ? List.of(args[1].split(","))
                : List.of("64x3x10", "64x10x6", "32x64x128", "128x784x512");
        List<String> threadCounts = args.length > 2 ? List.of(args[2].split(",")) : List.of("1", "all");
        System.out.println("| shape | threads | act | pass | fused µs | unfused µs | unfused/fused (median of pairs) "
                + "| pairs where fused was faster |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|");
        for (String shape : shapes) {
            for (String threads : threadCounts) {
                for (String act : List.of("relu", "sigmoid")) {
                    pairs(shape, threads, act, seconds);
                }
            }
        }
    }

    private static void pairs(String shape, String threads, String act, double seconds) {
        LinearBenchmark b = new LinearBenchmark();
        b.shape = shape;
        b.activation = act;
        b.impl = "vector";
        b.threads = threads;
        b.setUp();
        print(shape, threads, act, "forward", measure(b::forwardFused, b::forwardUnfused, seconds));
        print(shape, threads, act, "backward", measure(b::backwardFused, b::backwardUnfused, seconds));
    }

    private record Result(double fusedMicros, double unfusedMicros, double medianRatio, double fusedWins) {
    }

    private static Result measure(Supplier<float[]> fused, Supplier<float[]> unfused, double seconds) {
        int reps = calibrate(fused);
        long warmEnd = System.nanoTime() + (long) (seconds * 0.25e9);
        while (System.nanoTime() < warmEnd) {
            burst(fused, reps);
            burst(unfused, reps);
        }
        List<long[]> pairs = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; System.nanoTime() < end; i++) {
            long f;
            long u;
            if ((i & 1) == 0) {
                f = burst(fused, reps);
                u = burst(unfused, reps);
            } else {
                u = burst(unfused, reps);
                f = burst(fused, reps);
            }
            pairs.add(new long[] {f, u});
        }
        double[] ratios = pairs.stream().mapToDouble(p -> (double) p[1] / p[0]).sorted().toArray();
        double[] f = pairs.stream().mapToDouble(p -> p[0] / 1e3 / reps).sorted().toArray();
        double[] u = pairs.stream().mapToDouble(p -> p[1] / 1e3 / reps).sorted().toArray();
        long wins = pairs.stream().filter(p -> p[0] < p[1]).count();
        return new Result(median(f), median(u), median(ratios), (double) wins / pairs.size());
    }

    /** Calls per burst: enough that one burst of the fused call lasts {@link #BURST_NANOS}. */
    private static int calibrate(Supplier<float[]> call) {
        int reps = 1;
        for (int i = 0; i < 3; i++) { // the first rounds run interpreted; settle on the last
            reps = 1;
            while (burst(call, reps) < BURST_NANOS) {
                reps *= 2;
            }
        }
        return reps;
    }

    private static float sink;

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

    private static void print(String shape, String threads, String act, String pass, Result r) {
        System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.3f | %.3f | %.0f %% |", shape,
                threads, act, pass, r.fusedMicros, r.unfusedMicros, r.medianRatio, 100 * r.fusedWins));
    }
}
