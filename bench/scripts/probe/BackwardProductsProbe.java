package dev.lanes.kernel.vector;

import dev.lanes.bench.kernel.PairedBursts;
import dev.lanes.kernel.Kernels;
import java.util.Locale;
import java.util.Random;

/**
 * A dense layer's backward products two ways on the same arrays, in one JVM: {@link JointBackward#products} (one
 * pass, nothing packed) against {@link Gemm#backwardProducts} (two packed GEMMs), timed in pairs
 * ({@link PairedBursts}); the ratio is the GEMMs' time over the one pass (> 1: the one pass is faster). This is how
 * {@code JointBackward.fits} was chosen; it calls the one pass even where fits says no.
 *
 * <p>Arguments: shapes as batch x in x out, comma-separated; threads; seconds per shape (default 4).
 */
public final class BackwardProductsProbe {

    /** A burst lasts at least this long, so the clock's own cost stays below 0.1 %. */
    private static final long BURST_NANOS = 2_000_000;

    public static void main(String[] args) {
        Kernels.setThreads(Integer.parseInt(args[1]));
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        System.out.println(
                "| batch x in x out | threads | one pass µs | GFLOP/s | two GEMMs µs | GEMMs / one pass |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String shape : args[0].split(",")) {
            String[] dims = shape.split("x");
            int batch = Integer.parseInt(dims[0]);
            int in = Integer.parseInt(dims[1]);
            int out = Integer.parseInt(dims[2]);
            Random rnd = new Random(1);
            float[] x = random(rnd, batch * in);
            float[] w = random(rnd, out * in);
            float[] dZ = random(rnd, batch * out);
            float[] dX = new float[batch * in];
            float[] dW = new float[out * in];
            PairedBursts.Result r = PairedBursts.measure(() -> {
                JointBackward.products(dZ, x, w, dX, dW, batch, in, out);
                return dW;
            }, () -> {
                Gemm.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
                return dW;
            }, seconds, BURST_NANOS);
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.2f | %.3f |", shape, args[1],
                    r.firstMicros(), 4.0 * batch * in * out / r.firstMicros() / 1e3, r.secondMicros(),
                    r.medianRatio()));
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
