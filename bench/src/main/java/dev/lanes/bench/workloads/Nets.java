package dev.lanes.bench.workloads;

import dev.lanes.bench.VectorOnly;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.util.Random;

/** The networks and data of the issue-6 workloads, built the way a user builds them (spec text, seeded). */
final class Nets {

    /** W1, seed program 1. */
    static final String W1 = "3-10-6-4:sigmoid,relu,sigmoid";
    /** W2, seed program 2. */
    static final String W2 = "2-2-3:relu,sigmoid";
    /** W4 and W6 (small). */
    static final String DIGITS = "64-128-64-10:relu,relu,none";
    /** W5 and W6 (large). */
    static final String MNIST = "784-512-256-10:relu,relu,none";
    /** W7 (large): W5's layer sizes with a BatchNorm1d after the first dense layer and a LayerNorm after the second. */
    static final String NORM_MNIST =
            "linear(784,512) batchnorm1d(512) relu linear(512,256) layernorm(256) relu linear(256,10)";
    /** W7 (small): W4's layer sizes with the same normalisation layers. */
    static final String NORM_DIGITS =
            "linear(64,128) batchnorm1d(128) relu linear(128,64) layernorm(64) relu linear(64,10)";
    /** NORM_DIGITS with each norm after its ReLU instead (not a W7 workload: run with -p model=b32-64-after). */
    static final String NORM_DIGITS_AFTER =
            "linear(64,128) relu batchnorm1d(128) linear(128,64) relu layernorm(64) linear(64,10)";

    private Nets() {
    }

    static Sequential build(String spec) {
        return build(spec, 0);
    }

    static Sequential build(String spec, long seed) {
        return ModelSpec.parse(spec, seed);
    }

    /** {@code [rows, cols]} normal(0, scale) samples. */
    static Tensor normal(long seed, float scale, int rows, int cols) {
        return Tensor.randn(new Random(seed), rows, cols).mul(scale);
    }

    /** {@code [rows]} class ids in [0, classes), as floats (what CrossEntropyLoss takes). */
    static Tensor classIds(long seed, int rows, int classes) {
        return Tensor.randint(0, classes, new Random(seed), rows);
    }

    /** The benchmark's kernel must be the vector one ({@link VectorOnly}); then large calls use {@code threads}. */
    static void requireVector(int threads) {
        VectorOnly.require();
        Kernels.setThreads(threads);
    }
}
