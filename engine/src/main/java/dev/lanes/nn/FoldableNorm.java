package dev.lanes.nn;

/**
 * A normalisation that is, in its current mode, a fixed per-feature affine map {@code y = x·scale + shift}
 * (BatchNorm in eval mode with running statistics): an inference plan folds it into the dense layer before it
 * ({@link DenseStack#forInference}), so serving runs one fused layer instead of two passes.
 */
public interface FoldableNorm {

    /** Whether it is such a map now. */
    boolean foldable();

    /** The number of features it maps (the width of its input rows). */
    int features();

    /** Fills {@code scale[0, features)} and {@code shift[0, features)}; valid while {@link #foldable()}. */
    void affine(double[] scale, double[] shift);
}
