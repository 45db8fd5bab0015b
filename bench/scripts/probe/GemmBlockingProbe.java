package dev.lanes.kernel.vector;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Gemm against copies of itself with other blocking constants (GemmV1, GemmV2, ... made by gemm-blocking-ab.sh), in
 * one JVM: each round calls every variant twice, in rotating order, and the result is the median over rounds of each
 * variant's time over Gemm's in the same round. Shared-machine noise hits both sides of a round alike, so 1-2 %
 * differences show that separate JMH runs (±5 %) cannot.
 *
 * <p>Arguments: MxKxN, form (matmul, transB, transA), seconds, number of variants. One thread.
 */
public final class GemmBlockingProbe {

    public static void main(String[] args) throws Throwable {
        String[] dims = args[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int k = Integer.parseInt(dims[1]);
        int n = Integer.parseInt(dims[2]);
        String form = args[1];
        long seconds = Long.parseLong(args[2]);
        int variants = Integer.parseInt(args[3]);
        MethodType type = MethodType.methodType(void.class, float[].class, int.class, int.class, int.class,
                float[].class, int.class, int.class, int.class, float[].class, int.class, int.class, int.class,
                int.class, int.class, boolean.class, float[].class, int.class, dev.lanes.kernel.Activation.class,
                float.class, float[].class);
        MethodHandle[] gemms = new MethodHandle[variants + 1];
        for (int v = 0; v <= variants; v++) {
            Class<?> c = Class.forName("dev.lanes.kernel.vector.Gemm" + (v == 0 ? "" : "V" + v));
            gemms[v] = MethodHandles.lookup().findStatic(c, "gemm", type);
        }
        int ars = form.equals("transA") ? 1 : k;
        int acs = form.equals("transA") ? m : 1;
        int brs = form.equals("transB") ? 1 : n;
        int bcs = form.equals("transB") ? k : 1;
        Random rnd = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat();
        }
        List<double[]> rounds = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int round = 0; System.nanoTime() < end; round++) {
            double[] t = new double[variants + 1];
            for (int i = 0; i <= variants; i++) {
                int v = (i + round) % (variants + 1);
                long t0 = System.nanoTime();
                for (int rep = 0; rep < 2; rep++) {
                    gemms[v].invokeExact(a, 0, ars, acs, b, 0, brs, bcs, c, 0, n, m, n, k, false,
                            (float[]) null, 0, (dev.lanes.kernel.Activation) null, 0f, (float[]) null);
                }
                t[v] = System.nanoTime() - t0;
            }
            if (round >= 10) { // the first rounds run while C2 compiles
                rounds.add(t);
            }
        }
        double[] base = rounds.stream().mapToDouble(t -> t[0]).sorted().toArray();
        System.out.printf("%s %s: Gemm %.1f GFLOP/s (median of %d rounds)%n", args[0], form,
                4.0 * m * k * n / base[base.length / 2], rounds.size());
        for (int v = 1; v <= variants; v++) {
            int vv = v;
            double[] r = rounds.stream().mapToDouble(t -> t[vv] / t[0]).sorted().toArray();
            System.out.printf("  GemmV%d time / Gemm time: median %.3f%n", v, r[r.length / 2]);
        }
        if (Arrays.hashCode(c) == 42) {
            System.out.println(); // keeps the results alive
        }
    }
}
