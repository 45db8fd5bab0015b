package dev.lanes.bench.kernel;

import java.util.List;
import java.util.Locale;

/**
 * Fused against unfused dense layer, measured in pairs ({@link PairedBursts}) on {@link LinearBenchmark}'s state:
 * the result is the median of the per-pair time ratios. Where fusion saves 1-3 % of a call that is almost all GEMM
 * (128x784x512), separate JMH runs of the two cannot resolve it on a shared machine (their run-to-run noise is
 * larger); paired bursts see the same minute of machine and can.
 *
 * <pre>java -cp bench/target/benchmarks.jar --add-modules jdk.incubator.vector dev.lanes.bench.kernel.FusionPairs
 *     [seconds per case, default 4] [shapes, default LinearBenchmark's] [threads: "1", "all" or "1,all" (default)]</pre>
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
        print(shape, threads, act, "forward",
                PairedBursts.measure(b::forwardFused, b::forwardUnfused, seconds, BURST_NANOS));
        print(shape, threads, act, "backward",
                PairedBursts.measure(b::backwardFused, b::backwardUnfused, seconds, BURST_NANOS));
    }

    private static void print(String shape, String threads, String act, String pass, PairedBursts.Result r) {
        System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.3f | %.3f | %.0f %% |", shape,
                threads, act, pass, r.firstMicros(), r.secondMicros(), r.medianRatio(), 100 * r.firstWins()));
    }
}
