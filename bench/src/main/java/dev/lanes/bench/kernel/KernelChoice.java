package dev.lanes.bench.kernel;

import dev.lanes.bench.ThreadCount;
import dev.lanes.bench.VectorOnly;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;

/** Resolves the {@code impl} and {@code threads} benchmark parameters. */
final class KernelChoice {

    private KernelChoice() {
    }

    /** "vector" is the kernel Kernels picks (the forks run with --add-modules); "scalar" the reference. */
    static Kernel kernel(String impl) {
        return switch (impl) {
            case "vector" -> {
                VectorOnly.require();
                yield Kernels.get();
            }
            case "scalar" -> Kernels.scalar();
            default -> throw new IllegalArgumentException("impl must be vector or scalar, got " + impl);
        };
    }

    /**
     * Sets the kernel threads: a count or "all" ({@link ThreadCount}). The scalar kernel runs every call on the
     * calling thread, so with it anything but "1" would be labelled with a thread count it did not use: refused.
     */
    static void threads(String impl, String threads) {
        int n = ThreadCount.parse(threads);
        if (impl.equals("scalar") && !threads.equals("1")) {
            throw new IllegalArgumentException("impl=scalar runs on one thread (the scalar kernel ignores threads); "
                    + "use threads=1 with it, got threads=" + threads);
        }
        Kernels.setThreads(n);
    }
}
