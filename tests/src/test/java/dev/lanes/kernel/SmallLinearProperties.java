package dev.lanes.kernel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The vector kernel's paths for small dense layers against the scalar reference: both widths under one vector
 * (rows up to the tiny path's limit and past it), few rows of any width (W read in place, no packing), and at most
 * one vector of outputs over many rows of any width (a classifier head: rows as vectors, eight at a time).
 */
class SmallLinearProperties extends KernelPropertyBase {

    @Provide
    Arbitrary<Integer> narrow() {
        return Arbitraries.integers().between(1, 15);
    }

    @Provide
    Arbitrary<Integer> wide() {
        return Arbitraries.of(1, 3, 15, 16, 17, 33, 64, 100, 129, 300);
    }

    @Property(tries = 80)
    @Checks("linearForward(10)")
    void narrowLayers(@ForAll @IntRange(min = 1, max = 70) int batch, @ForAll("narrow") int in,
                      @ForAll("narrow") int out, @ForAll boolean withBias, @ForAll boolean needInputGrad,
                      @ForAll Activation act, @ForAll long seed) {
        LinearProperties.Layer layer = LinearProperties.Layer.random(batch, in, out, withBias, act, seed);
        LinearProperties.checkForward(layer);
        LinearProperties.checkBackward(layer, needInputGrad, seed);
    }

    @Property(tries = 80)
    @Checks("linearBackward")
    void fewRows(@ForAll @IntRange(min = 1, max = 5) int batch, @ForAll("wide") int in, @ForAll("wide") int out,
                 @ForAll boolean withBias, @ForAll boolean needInputGrad, @ForAll Activation act,
                 @ForAll long seed) {
        LinearProperties.Layer layer = LinearProperties.Layer.random(batch, in, out, withBias, act, seed);
        LinearProperties.checkForward(layer);
        LinearProperties.checkBackward(layer, needInputGrad, seed);
    }

    @Property(tries = 60)
    void narrowOutputsOverManyRows(@ForAll @IntRange(min = 32, max = 300) int batch, @ForAll("wide") int in,
                                   @ForAll @IntRange(min = 1, max = 16) int out, @ForAll boolean withBias,
                                   @ForAll Activation act, @ForAll long seed) {
        LinearProperties.checkForward(LinearProperties.Layer.random(batch, in, out, withBias, act, seed));
    }

    @Provide
    Arbitrary<Integer> evenOutputs() {
        return Arbitraries.of(2, 4, 16, 18, 64, 128, 130, 256, 258, 300);
    }

    /**
     * Backward of layers small enough for the vector kernel's one-pass products (an even number of outputs, at least
     * 8 rows and 16 inputs, W of at most 64 K weights), including rows past a multiple of 8 and inputs past a
     * multiple of 16, which run on padded copies.
     */
    @Property(tries = 80)
    @Checks("linearBackward")
    void smallWeightBackward(@ForAll @IntRange(min = 8, max = 70) int batch, @ForAll("wide") int in,
                             @ForAll("evenOutputs") int out, @ForAll boolean withBias, @ForAll Activation act,
                             @ForAll long seed) {
        LinearProperties.Layer layer = LinearProperties.Layer.random(batch, in, out, withBias, act, seed);
        LinearProperties.checkBackward(layer, true, seed);
    }

    /** The one-pass products over more rows than the edge strip copies at once (256), with and without padded rows. */
    @Example
    void smallWeightBackwardManyRows() {
        int[][] shapes = {{600, 100, 64}, {517, 33, 40}};
        for (int[] sh : shapes) {
            for (Activation act : Activation.values()) {
                LinearProperties.Layer layer =
                        LinearProperties.Layer.random(sh[0], sh[1], sh[2], true, act, act.ordinal());
                LinearProperties.checkBackward(layer, true, act.ordinal());
            }
        }
    }

    /** The one-pass products split by column strips across two threads, the last strip and rows padded. */
    @Example
    void smallWeightBackwardAcrossThreads() {
        int before = Kernels.threads();
        Kernels.setThreads(2);
        try {
            for (Activation act : Activation.values()) {
                LinearProperties.Layer layer = LinearProperties.Layer.random(257, 129, 254, true, act, act.ordinal());
                LinearProperties.checkBackward(layer, true, act.ordinal()); // 8.4 M multiply-adds a product
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    /** The seed's layers, batch-1 inference of the MNIST net (first layer) and its classifier heads. */
    @Example
    void workloadShapes() {
        int[][] shapes = {{10, 3, 10}, {10, 10, 6}, {10, 6, 4}, {4, 2, 2}, {4, 2, 3}, {1, 784, 512}, {1, 64, 128},
            {256, 256, 10}, {32, 64, 10}, {128, 256, 10}};
        for (int[] s : shapes) {
            for (Activation act : Activation.values()) {
                LinearProperties.Layer layer = LinearProperties.Layer.random(s[0], s[1], s[2], true, act, act.ordinal());
                LinearProperties.checkForward(layer);
                LinearProperties.checkBackward(layer, true, act.ordinal());
            }
        }
    }
}
