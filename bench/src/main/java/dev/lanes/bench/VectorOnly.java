package dev.lanes.bench;

import dev.lanes.kernel.Kernels;

/**
 * The benchmarks measure the vector kernel. A JVM without the incubator module falls back to the scalar one with
 * only a logged warning, so every benchmark's trial setup calls {@link #require()} and fails instead.
 */
public final class VectorOnly {

    /**
     * What every {@code @Fork(jvmArgsAppend = ...)} adds. An annotation needs a compile-time constant, so this cannot
     * read the root pom's {@code lanes.vector.flag}; the two must stay equal.
     */
    public static final String FLAG = "--add-modules=jdk.incubator.vector";

    private VectorOnly() {
    }

    /** Throws unless the vector kernel is the active one. */
    public static void require() {
        if (!Kernels.vectorActive()) {
            throw new IllegalStateException("vector kernel not active: " + Kernels.describe() + ". Benchmarks need "
                    + FLAG + ": a -jvmArgs or -jvmArgsAppend given to JMH replaces the one in @Fork (repeat " + FLAG
                    + " in it), and -f 0 runs in the launching JVM (start java with " + FLAG + ")");
        }
    }
}
