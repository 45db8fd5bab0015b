package dev.lanes.kernel;

/** Run in a forked JVM by {@link KernelStartupIT}: prints which kernel that JVM chose, then runs one matmul on it. */
public final class KernelChoiceProbe {

    private KernelChoiceProbe() {
    }

    public static void main(String[] args) {
        float[] c = new float[1];
        Kernels.get().matmul(new float[] {2f}, new float[] {3f}, c, 1, 1, 1, false);
        System.out.println("kernel=" + Kernels.get().getClass().getSimpleName() + " product=" + c[0]
                + " describe=" + Kernels.describe());
    }
}
