package dev.lanes.kernel.vector;

import dev.lanes.bench.kernel.PairedBursts;
import dev.lanes.kernel.Kernels;
import java.util.Locale;
import java.util.Random;

/**
 * A rejected idea for the fused backward, kept so it can be rerun: the two products interleaved over column blocks
 * of X, W and dW (per block of {@code in} columns, dX's block = dZ·W's block, then dW's block += dZᵀ·X's block), so
 * that a block of W and the same block of dW are used while in cache, against {@link Gemm#backwardProducts} (the
 * whole dX product, then the whole dW). Each block re-packs dZ for both products. Ratio = GEMMs' time over the
 * interleaved time (&gt; 1: interleaving wins). 2026-11-29, Zen 4, one thread, 128x784x512: blocks of 112 / 208 /
 * 400 / 784 columns gave 0.822 / 0.924 / 0.985 / 1.000 — the saved cache traffic does not pay for the re-packing.
 *
 * <p>Arguments: shapes as batch x in x out, comma-separated; threads; seconds per case; block widths, comma-separated.
 * {@code bash bench/scripts/probe.sh InterleavedBackwardProbe 128x784x512 1 4 112,208,400,784}
 */
public final class InterleavedBackwardProbe {

    public static void main(String[] args) {
        Kernels.setThreads(Integer.parseInt(args[1]));
        double seconds = Double.parseDouble(args[2]);
        for (String shape : args[0].split(",")) {
            String[] dims = shape.split("x");
            int batch = Integer.parseInt(dims[0]);
            int in = Integer.parseInt(dims[1]);
            int out = Integer.parseInt(dims[2]);
            for (String width : args[3].split(",")) {
                int block = Integer.parseInt(width);
                Random rnd = new Random(1);
                float[] x = random(rnd, batch * in);
                float[] w = random(rnd, out * in);
                float[] dZ = random(rnd, batch * out);
                float[] dX = new float[batch * in];
                float[] dW = new float[out * in];
                PairedBursts.Result r = PairedBursts.measure(() -> {
                    for (int from = 0; from < in; from += block) {
                        int cols = Math.min(block, in - from);
                        Gemm.gemm(dZ, 0, out, 1, w, from, in, 1, dX, from, in, batch, cols, out, false, null, 0, null,
                                0f, null);
                        Gemm.gemm(dZ, 0, 1, out, x, from, in, 1, dW, from, in, out, cols, batch, true, null, 0, null,
                                0f, null);
                    }
                    return dW;
                }, () -> {
                    Gemm.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
                    return dW;
                }, seconds, 2_000_000);
                System.out.println(String.format(Locale.ROOT,
                        "%s block %d: interleaved %.1f µs, two GEMMs %.1f µs, GEMMs / interleaved %.3f", shape, block,
                        r.firstMicros(), r.secondMicros(), r.medianRatio()));
            }
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
