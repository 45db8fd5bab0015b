package dev.lanes.kernel;

/**
 * Run in a forked JVM by {@link KernelStartupIT}: prints which kernel that JVM chose, runs one matmul on it, then one
 * job on the kernel thread pool.
 */
public final class KernelChoiceProbe {

    private KernelChoiceProbe() {
    }

    public static void main(String[] args) {
        float[] c = new float[1];
        Kernels.get().matmul(new float[] {2f}, new float[] {3f}, c, 1, 1, 1, false);
        System.out.println("kernel=" + Kernels.get().getClass().getSimpleName() + " product=" + c[0]
                + " describe=" + Kernels.describe());
        int[] parts = new int[1];
        KernelThreads.run(4, (part, count) -> { // the pool, as configured by -Dlanes.threads / -Dlanes.spinMicros
            synchronized (parts) {
                parts[0]++;
            }
        });
        System.out.println("threads=" + Kernels.threads() + " parts=" + parts[0]);
    }
}
