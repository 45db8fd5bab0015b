package dev.lanes.nn;

import dev.lanes.nn.DenseStack.Stage;
import dev.lanes.tensor.Tensor;

/** Folds a norm that is a fixed affine map now (BatchNorm in eval mode) into a copy of a dense layer's weights. */
final class NormFolding {

    private NormFolding() {
    }

    /**
     * {@code stage}'s dense layer as one stage over copies with {@code norm}'s map {@code scale⊙x + shift} folded in,
     * in double and rounded once: after the layer ({@code before} false; W' = diag(scale)·W, b' = scale·b + shift,
     * the norm before the activation) or before it (W' = W·diag(scale), b' = b + W·shift, the norm after the previous
     * stage's activation).
     */
    static Stage folded(Stage stage, FoldableNorm norm, boolean before) {
        int in = stage.in();
        int out = stage.out();
        double[] scale = new double[before ? in : out];
        double[] shift = new double[before ? in : out];
        norm.affine(scale, shift);
        float[] w = stage.weight().storage();
        float[] b = stage.bias() == null ? null : stage.bias().storage();
        float[] weight = new float[out * in];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double sum = b == null ? 0.0 : b[o];
            if (!before) {
                sum = sum * scale[o] + shift[o];
            }
            for (int i = 0; i < in; i++) {
                weight[o * in + i] = (float) (w[o * in + i] * scale[before ? i : o]);
                if (before) {
                    sum += w[o * in + i] * shift[i];
                }
            }
            bias[o] = (float) sum;
        }
        return new Stage(Tensor.of(weight, out, in), Tensor.of(bias, out), in, out, stage.activation(), stage.alpha(),
                before ? stage.norm() : null, stage.postNorm());
    }
}
