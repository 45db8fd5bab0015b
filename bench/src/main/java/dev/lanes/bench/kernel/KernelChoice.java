package dev.lanes.bench.kernel;

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
                if (!Kernels.vectorActive()) {
                    throw new IllegalStateException("vector kernel not active: " + Kernels.describe());
                }
                yield Kernels.get();
            }
            case "scalar" -> Kernels.scalar();
            default -> throw new IllegalArgumentException("impl must be vector or scalar, got " + impl);
        };
    }

    /** "1" or "all" (available processors). */
    static void threads(String threads) {
        Kernels.setThreads(threads.equals("all") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads));
    }
}
