package dev.lanes.kernel.vector;

import dev.lanes.bench.kernel.PairedBursts;
import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernels;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Where a dense layer's fused backward spends its time, and what fusion can still save: each part of
 * {@link VectorKernel#linearBackward} (the dZ and bias-gradient pass, each product, each packing inside the
 * products) timed in pairs ({@link PairedBursts}) against the whole fused call, so its share comes from the same
 * minutes; then the fused dZ pass against the three passes the unfused sequence runs instead, and the whole call
 * fused against unfused. Written to show why the one-thread 128x784x512 backward stays level (bench/README.md).
 *
 * <p>Arguments: batch x in x out; threads; seconds per pair (default 4).
 */
public final class BackwardPartsProbe {

    private static final long BURST_NANOS = 2_000_000;

    public static void main(String[] args) {
        String[] dims = args[0].split("x");
        int batch = Integer.parseInt(dims[0]);
        int in = Integer.parseInt(dims[1]);
        int out = Integer.parseInt(dims[2]);
        Kernels.setThreads(Integer.parseInt(args[1]));
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        Random rnd = new Random(1);
        float[] x = random(rnd, batch * in);
        float[] w = random(rnd, out * in);
        float[] y = random(rnd, batch * out);
        float[] preAct = random(rnd, batch * out);
        float[] dY = random(rnd, batch * out);
        float[] dZ = new float[batch * out];
        float[] dX = new float[batch * in];
        float[] dW = new float[out * in];
        float[] dBias = new float[out];
        VectorKernel kernel = new VectorKernel();
        Activation act = Activation.RELU;
        Supplier<float[]> fused = () -> {
            kernel.linearBackward(x, w, y, preAct, act, 0f, dY, dZ, dX, dW, dBias, batch, in, out);
            return dW;
        };
        // Scratch big enough for any packing below (packA writes whole MR-row panels).
        float[] panels = new float[(batch + out + 2 * MicroKernel.MR) * (in + out + 1)];
        int[] gather = new int[MicroKernel.MR * MicroKernel.L];
        int[] columns = new int[MicroKernel.NR];
        System.out.println("| part | µs | whole fused call µs | share |");
        System.out.println("|---|---:|---:|---:|");
        part("dZ and bias gradient (fused pass)", () -> {
            VectorActivations.gradient(act, 0f, preAct, y, dY, dZ, 0, batch * out, false);
            VectorArrays.addRowSums(dZ, 0, batch, out, dBias);
            return dZ;
        }, fused, seconds);
        part("dX = dZ·W (GEMM)", () -> {
            Gemm.gemm(dZ, 0, out, 1, w, 0, in, 1, dX, 0, in, batch, in, out, false, null, 0, null, 0f, null);
            return dX;
        }, fused, seconds);
        part("dW += dZᵀ·X (GEMM)", () -> {
            Gemm.gemm(dZ, 0, 1, out, x, 0, in, 1, dW, 0, in, out, in, batch, true, null, 0, null, 0f, null);
            return dW;
        }, fused, seconds);
        part("pack W (inside dX)", () -> {
            Packing.packB(w, 0, in, 1, out, in, null, 0, panels, 0, columns);
            return panels;
        }, fused, seconds);
        part("pack dZ (inside dX)", () -> {
            for (int i = 0; i < batch; i += Gemm.MC) {
                Packing.packA(dZ, i * out, out, 1, Math.min(Gemm.MC, batch - i), out, false, panels, gather);
            }
            return panels;
        }, fused, seconds);
        part("pack X (inside dW)", () -> {
            Packing.packB(x, 0, in, 1, batch, in, null, 0, panels, 0, columns);
            return panels;
        }, fused, seconds);
        part("pack dZᵀ (inside dW)", () -> {
            for (int i = 0; i < out; i += Gemm.MC) {
                Packing.packA(dZ, i, 1, out, Math.min(Gemm.MC, out - i), batch, false, panels, gather);
            }
            return panels;
        }, fused, seconds);
        Supplier<float[]> unfusedPasses = () -> {
            Arrays.fill(dZ, 0f);
            kernel.activationBackward(act, 0f, preAct, y, dY, dZ, batch * out);
            kernel.sumRows(dZ, dBias, batch, out);
            return dZ;
        };
        PairedBursts.Result passes = PairedBursts.measure(unfusedPasses, () -> {
            VectorActivations.gradient(act, 0f, preAct, y, dY, dZ, 0, batch * out, false);
            VectorArrays.addRowSums(dZ, 0, batch, out, dBias);
            return dZ;
        }, seconds, BURST_NANOS);
        System.out.println(String.format(Locale.ROOT,
                "%nunfused passes (fill, activation backward, bias sum) %.2f µs, fused pass %.2f µs: saves %.2f µs",
                passes.firstMicros(), passes.secondMicros(), passes.firstMicros() - passes.secondMicros()));
        PairedBursts.Result whole = PairedBursts.measure(fused, () -> {
            unfusedPasses.get();
            kernel.matmul(dZ, w, dX, batch, out, in, false);
            kernel.matmulTransA(dZ, x, dW, out, batch, in, true);
            return dW;
        }, seconds, BURST_NANOS);
        System.out.println(String.format(Locale.ROOT,
                "whole call: fused %.1f µs, unfused %.1f µs, unfused/fused %.4f (fused faster in %.0f %% of pairs)",
                whole.firstMicros(), whole.secondMicros(), whole.medianRatio(), 100 * whole.firstWins()));
    }

    private static void part(String name, Supplier<float[]> part, Supplier<float[]> whole, double seconds) {
        PairedBursts.Result r = PairedBursts.measure(part, whole, seconds, BURST_NANOS);
        System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f %% |", name, r.firstMicros(),
                r.secondMicros(), 100 * r.firstMicros() / r.secondMicros()));
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
