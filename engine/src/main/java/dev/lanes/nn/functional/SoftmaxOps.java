package dev.lanes.nn.functional;

import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/** Softmax and log-softmax along one dimension, as single autograd ops. */
final class SoftmaxOps {

    private SoftmaxOps() {
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        int d = dim < 0 ? dim + shape.length : dim;
        if (shape.length == 0 || d < 0 || d >= shape.length) {
            throw new IllegalArgumentException((log ? "logSoftmax" : "softmax") + ": dimension " + dim
                    + " is out of range for a tensor of shape " + Arrays.toString(shape));
        }
        int len = shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = len * inner == 0 ? 0 : x.numel() / (len * inner);
        float[] in = x.storage();
        float[] out = new float[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    max = Math.max(max, in[base + l * inner]);
                }
                double sum = 0;
                for (int l = 0; l < len; l++) {
                    sum += Math.exp(in[base + l * inner] - max);
                }
                // (x - max) - log Σ: subtracting a large logSum from a large x directly would lose digits
                float logSum = (float) Math.log(sum);
                for (int l = 0; l < len; l++) {
                    float v = (in[base + l * inner] - max) - logSum;
                    out[base + l * inner] = log ? v : (float) Math.exp(v);
                }
            }
        }
        int outerF = outer;
        int innerF = inner;
        return CustomOp.result(log ? "LogSoftmaxBackward" : "SoftmaxBackward", out, shape, g -> {
            float[] gx = CustomOp.gradOf(x);
            for (int o = 0; o < outerF; o++) {
                for (int i = 0; i < innerF; i++) {
                    int base = o * len * innerF + i;
                    // softmax: dx = y ⊙ (g - Σ g·y); log-softmax: dx = g - softmax ⊙ Σ g
                    float dot = 0f;
                    for (int l = 0; l < len; l++) {
                        int k = base + l * innerF;
                        dot += log ? g[k] : g[k] * out[k];
                    }
                    for (int l = 0; l < len; l++) {
                        int k = base + l * innerF;
                        gx[k] += log ? g[k] - (float) Math.exp(out[k]) * dot : out[k] * (g[k] - dot);
                    }
                }
            }
        }, x);
    }
}
