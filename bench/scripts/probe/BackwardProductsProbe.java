package dev.lanes.kernel.vector;

import dev.lanes.kernel.Kernels;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A dense layer's backward products two ways on the same arrays, in one JVM: {@link JointBackward#products} (one
 * pass, nothing packed) against {@link Gemm#backwardProducts} (two packed GEMMs). Each round times a burst of each,
 * order alternating; the result is the median over rounds of the GEMMs' time over the one pass (> 1: the one pass is
 * faster). This is how {@code JointBackward.fits} was chosen; it calls the one pass even where fits says no.
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
            Runnable onePass = () -> JointBackward.products(dZ, x, w, dX, dW, batch, in, out);
            Runnable gemms = () -> Gemm.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
            int reps = 1;
            while (burst(onePass, reps) < BURST_NANOS) {
                reps *= 2;
            }
            long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
            while (System.nanoTime() < warmEnd) {
                burst(onePass, reps);
                burst(gemms, reps);
            }
            double[] ratios = new double[0];
            double[] one = new double[0];
            double[] two = new double[0];
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int i = 0; System.nanoTime() < end; i++) {
                long a;
                long b;
                if ((i & 1) == 0) {
                    a = burst(onePass, reps);
                    b = burst(gemms, reps);
                } else {
                    b = burst(gemms, reps);
                    a = burst(onePass, reps);
                }
                ratios = append(ratios, (double) b / a);
                one = append(one, a / 1e3 / reps);
                two = append(two, b / 1e3 / reps);
            }
            double t = median(one);
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.2f | %.3f |", shape, args[1], t,
                    4.0 * batch * in * out / t / 1e3, median(two), median(ratios)));
        }
    }

    private static long burst(Runnable call, int reps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            call.run();
        }
        return System.nanoTime() - t0;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    private static double[] append(double[] a, double v) {
        double[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
