package dev.lanes.cli;

import dev.lanes.kernel.Kernels;

/** The {@code --threads} setting: how many threads large kernel calls (big matrix products) split across. */
final class Threads {

    private Threads() {
    }

    static void set(int threads) {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1, got " + threads);
        }
        Kernels.setThreads(threads);
    }

    static String describe() {
        return Kernels.threads() + " (kernel threads for large matrix products; "
                + Runtime.getRuntime().availableProcessors() + " processors available)";
    }
}
