package dev.lanes.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks autograd's gradients against central finite differences.
 *
 * <p>The function's output is contracted with fixed random weights w, {@code L(x) = Σ w_i f(x)_i}, so one
 * {@code backward(w)} yields dL/dx for every input. The numerical side evaluates the op in float (the only
 * precision Lanes has) but accumulates L in double and divides by the step that was actually taken,
 * {@code (float)(x+h) - (float)(x-h)}, not by the nominal 2h.
 */
final class GradCheck {

    /** Step of the central difference, in the units of the inputs (which are drawn with magnitude <= ~3). */
    static final double STEP = 1e-2;
    /**
     * Relative part of the tolerance. Truncation error of a central difference is h²/6·|f'''| ≈ 2e-5·|f'''|,
     * and float rounding adds ~6e-8·Σ|w_i f_i| / h per quotient. Measured over ~170,000 gradient entries of
     * every property in GradientProperties (3,000 random cases each): worst relative error 1.5e-3 where
     * |gradient| > 0.1 (in the 2-layer MLP), so 1e-2 leaves a 7x margin, while a wrong backward rule (a missing
     * term, a sign, a factor) is off by far more.
     */
    static final double RELATIVE_TOLERANCE = 1e-2;
    /** Absolute part, for gradients near 0 where rounding of L dominates: measured worst 1.3e-4 (mm), 8x margin. */
    static final double ABSOLUTE_TOLERANCE = 1e-3;

    private GradCheck() {
    }

    /**
     * Asserts that autograd's gradient of {@code f} with respect to every input matches finite differences.
     * {@code inputs} are copied into fresh leaves, so the caller's tensors are untouched.
     */
    static void check(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor in : inputs) {
            leaves.add(in.copy().requiresGrad(true));
        }
        Tensor out = f.apply(leaves);
        Random rng = new Random(seed);
        float[] w = new float[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextFloat() * 2f - 1f;
        }
        out.backward(Tensor.of(w, out.shape()));

        for (int k = 0; k < inputs.size(); k++) {
            float[] analytic = leaves.get(k).grad() == null ? new float[inputs.get(k).numel()]
                    : leaves.get(k).grad().toArray();
            for (int j = 0; j < analytic.length; j++) {
                double numeric = numericGradient(f, inputs, k, j, w);
                double tolerance = ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.max(Math.abs(numeric),
                        Math.abs(analytic[j]));
                if (!(Math.abs(analytic[j] - numeric) <= tolerance)) {
                    throw new AssertionError(what + ": d/d input" + k + "[" + j + "] autograd " + analytic[j]
                            + " but finite differences " + numeric + " (tolerance " + tolerance + "); input"
                            + k + " = " + inputs.get(k));
                }
            }
        }
    }

    private static double numericGradient(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, int j,
                                          float[] w) {
        float x = inputs.get(k).toArray()[j];
        float up = (float) (x + STEP);
        float down = (float) (x - STEP);
        return (weighted(f, inputs, k, j, up, w) - weighted(f, inputs, k, j, down, w)) / ((double) up - down);
    }

    /** L with element j of input k set to {@code value}, evaluated without recording a graph. */
    private static double weighted(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, int j, float value,
                                   float[] w) {
        List<Tensor> args = new ArrayList<>();
        for (Tensor in : inputs) {
            args.add(in.copy());
        }
        float[] target = args.get(k).storage();
        target[j] = value;
        float[] y;
        try (var scope = GradMode.noGrad()) {
            y = f.apply(args).toArray();
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) w[i] * y[i];
        }
        return sum;
    }
}
