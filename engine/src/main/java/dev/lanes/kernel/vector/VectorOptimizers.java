package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * SGD and Adam steps on vectors, PyTorch's formulas as in {@link dev.lanes.kernel.ScalarKernel}; the scalar
 * tail is delegated to that reference so the two cannot drift apart.
 */
final class VectorOptimizers {

    private VectorOptimizers() {
    }

    /** Vector part of {@link Kernel#sgdStep}; returns how many leading elements it did. */
    static int sgdBody(float[] param, float[] grad, float[] buf, int n, float lr, float momentum,
                       float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(S, param, i);
            FloatVector g = p.fma(FloatVector.broadcast(S, weightDecay), FloatVector.fromArray(S, grad, i));
            if (buf != null) {
                FloatVector b = firstStep ? g
                        : FloatVector.fromArray(S, buf, i).mul(momentum).add(g.mul(1f - dampening));
                b.intoArray(buf, i);
                g = nesterov ? b.fma(FloatVector.broadcast(S, momentum), g) : b;
            }
            g.fma(FloatVector.broadcast(S, -lr), p).intoArray(param, i);
        }
        return bound;
    }

    /** Vector part of {@link Kernel#adamStep}; returns how many leading elements it did. */
    static int adamBody(float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int n,
                        float lr, float beta1, float beta2, float eps, float weightDecay,
                        boolean decoupledWeightDecay, float stepSize, float biasCorrection2Sqrt) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(S, param, i);
            FloatVector g = FloatVector.fromArray(S, grad, i);
            if (decoupledWeightDecay) {
                p = p.mul(1f - lr * weightDecay);
            } else {
                g = p.fma(FloatVector.broadcast(S, weightDecay), g);
            }
            FloatVector m = FloatVector.fromArray(S, expAvg, i).mul(beta1).add(g.mul(1f - beta1));
            FloatVector v = FloatVector.fromArray(S, expAvgSq, i).mul(beta2).add(g.mul(g).mul(1f - beta2));
            m.intoArray(expAvg, i);
            v.intoArray(expAvgSq, i);
            if (maxExpAvgSq != null) {
                v = FloatVector.fromArray(S, maxExpAvgSq, i).max(v);
                v.intoArray(maxExpAvgSq, i);
            }
            FloatVector denom = v.lanewise(VectorOperators.SQRT).div(biasCorrection2Sqrt).add(eps);
            p.sub(m.mul(stepSize).div(denom)).intoArray(param, i);
        }
        return bound;
    }
}
