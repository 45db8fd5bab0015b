package dev.lanes.cli;

import java.util.concurrent.ForkJoinPool;

/**
 * The {@code --threads} setting. Parallel work in the JVM (parallel streams, and any engine code that splits work
 * over the common fork-join pool) runs on the common pool, whose size can only be set before its first use.
 */
final class Threads {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Threads() {
    }

    /** Sizes the common pool; must run before anything touches it (the commands call it first thing). */
    static void set(int threads) {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1, got " + threads);
        }
        System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(threads));
        int actual = ForkJoinPool.getCommonPoolParallelism();
        if (actual != threads) {
            throw new UserError("--threads " + threads + " could not be applied: the thread pool was already "
                    + "started with " + actual + " threads");
        }
    }

    static String describe() {
        return ForkJoinPool.getCommonPoolParallelism() + " (common pool; " + Runtime.getRuntime().availableProcessors()
                + " processors available)";
    }
}
