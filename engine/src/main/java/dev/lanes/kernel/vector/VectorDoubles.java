package dev.lanes.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Floats widened to double lanes and back: what the normalisation kernels sum and scale in. */
final class VectorDoubles {

    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int DL = D.length();
    /** Floats with as many lanes as {@link #D}: one load of these widens to one double vector. */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /** Shuffles pairing lane i with lane i ^ d, for d = DL/2, ..., 1. */
    private static final VectorShuffle<Double>[] HALVES = halves();

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

    /** a[i, i + DL) as doubles. */
    static DoubleVector load(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** Stores v rounded to float at a[i, i + DL). */
    static void store(DoubleVector v, float[] a, int i) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(a, i);
    }

    /**
     * The sum of v's lanes in a fixed pairwise order, the same bits in every tier ({@code reduceLanes} may add in
     * another order once compiled: see {@link VectorArrays#sumLanes}).
     */
    static double sumLanes(DoubleVector v) {
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }
}
