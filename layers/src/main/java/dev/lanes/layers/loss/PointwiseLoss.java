package dev.lanes.layers.loss;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;

/**
 * A loss that is a function {@code f(x, t)} of each input element and its target, as one autograd op with the
 * derivative {@code ∂f/∂x}; the reduction then averages or sums. The target is a constant.
 */
abstract class PointwiseLoss extends Loss {

    PointwiseLoss(Reduction reduction) {
        super(reduction);
    }

    /** f(x, t). */
    abstract float value(float x, float t);

    /** ∂f/∂x at (x, t). */
    abstract float derivative(float x, float t);

    /** Rejects inputs outside the function's domain; nothing by default. */
    void checkDomain(float[] x, float[] t) {
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String name = getClass().getSimpleName();
        LossInputs.requireSameShape(name, input, target);
        LossInputs.requireConstantTarget(name, target);
        float[] x = input.storage();
        float[] t = target.storage();
        checkDomain(x, t);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = value(x[i], t[i]);
        }
        Tensor losses = CustomOp.result(name.replace("Loss", "") + "Backward", out, input.shape(), g -> {
            float[] gx = CustomOp.gradOf(input);
            for (int i = 0; i < g.length; i++) {
                gx[i] += g[i] * derivative(x[i], t[i]);
            }
        }, input);
        return reduction.apply(losses);
    }
}
