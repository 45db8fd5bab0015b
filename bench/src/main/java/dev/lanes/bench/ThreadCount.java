package dev.lanes.bench;

/** The {@code threads} benchmark parameter: a positive count, or {@code all} for the available processors. */
public final class ThreadCount {

    private ThreadCount() {
    }

    public static int parse(String threads) {
        if (threads.equals("all")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(threads);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("threads must be a positive count or all, got '" + threads + "'");
    }
}
