package dev.lanes.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species the normalisation kernels widen floats into: a load of {@link #F} converted with F2D is one
 * {@link #D} vector of doubles. Written out at each use, not as helpers, for the reason at {@link #HALVES}.
 */
final class VectorDoubles {

    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int DL = D.length();
    /** Floats with as many lanes as {@link #D}: one load of these widens to one double vector. */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /**
     * Shuffles pairing lane i with lane i ^ d, for d = DL/2, ..., 1: adding v to v.rearrange(each) in turn sums the
     * lanes in a fixed pairwise order, the same bits in every tier ({@code reduceLanes} may add in another order once
     * compiled, see {@link VectorArrays#sumLanes}). Callers do it in place: a vector passed to a helper that C2 did
     * not inline (its node budget spent on a caller's other loops) is boxed, 47 KB per LayerNorm backward.
     */
    static final VectorShuffle<Double>[] HALVES = halves();

    private VectorDoubles() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Double>[] halves() {
        int steps = Integer.numberOfTrailingZeros(DL);
        VectorShuffle<Double>[] shuffles = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int d = DL >> (s + 1);
            shuffles[s] = VectorShuffle.fromOp(D, i -> i ^ d);
        }
        return shuffles;
    }
}
