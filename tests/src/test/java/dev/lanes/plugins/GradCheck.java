package dev.lanes.plugins;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares autograd gradients with central finite differences of {@code Σ output ⊙ R} (R fixed and random).
 * Every function evaluation builds a fresh object, so seeded randomness (Dropout's mask) repeats exactly.
 */
final class GradCheck {

    /** Finite-difference step: large enough that float32 rounding of the sums (~1e-7 relative) stays small. */
    static final float EPS = 1e-2f;
    /**
     * |numeric - analytic| must stay within ATOL + RTOL·|analytic|. Measured over every registered sample and
     * seed: layers stay under 1e-3 absolute; the worst case is BCELoss (curvature grows as 1/x³ near 0 and 1,
     * so its samples stay in (0.2, 0.8)), within 5e-3 relative. A BCE derivative wrong by 1% fails these bounds.
     */
    static final double ATOL = 1e-3;
    static final double RTOL = 5e-3;

    private GradCheck() {
    }

    /** Mismatches (empty when all gradients agree) of a layer on {@code input}. */
    static List<String> layer(Supplier<Module> factory, Tensor input, boolean inputDifferentiable, long seed) {
        Module base = factory.get();
        Tensor x = input.copy().requiresGrad(inputDifferentiable);
        Map<String, Tensor> checked = new LinkedHashMap<>();
        if (inputDifferentiable) {
            checked.put("input", x);
        }
        checked.putAll(base.namedParameters());
        return compare(checked, x, in -> {
            Module m = factory.get();
            m.loadStateDict(base.stateDict());
            return m.forward(in);
        }, base::forward, seed);
    }

    /** Mismatches of a loss with respect to its input. */
    static List<String> loss(Supplier<Loss> factory, Tensor input, Tensor target, long seed) {
        Tensor x = input.copy().requiresGrad(true);
        return compare(Map.of("input", x), x, in -> factory.get().forward(in, target),
                in -> factory.get().forward(in, target), seed);
    }

    private static List<String> compare(Map<String, Tensor> checked, Tensor x, Function<Tensor, Tensor> fresh,
                                        Function<Tensor, Tensor> first, long seed) {
        Tensor out = first.apply(x);
        Tensor r = Tensor.randn(seed, out.shape());
        out.mul(r).sum().backward();
        List<String> mismatches = new ArrayList<>();
        checked.forEach((name, t) -> {
            float[] v = t.storage();
            for (int i = 0; i < v.length; i++) {
                float original = v[i];
                v[i] = original + EPS;
                double plus = project(fresh.apply(x.detach()), r);
                v[i] = original - EPS;
                double minus = project(fresh.apply(x.detach()), r);
                v[i] = original;
                t.markModified();
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = t.grad() == null ? 0 : t.grad().storage()[i];
                if (!(Math.abs(numeric - analytic) <= ATOL + RTOL * Math.abs(analytic))) {
                    mismatches.add(name + "[" + i + "]: autograd " + analytic + ", finite differences " + numeric);
                }
            }
        });
        return mismatches;
    }

    private static double project(Tensor out, Tensor r) {
        try (var scope = GradMode.noGrad()) {
            float[] o = out.storage();
            float[] w = r.storage();
            double acc = 0;
            for (int i = 0; i < o.length; i++) {
                acc += (double) o[i] * w[i];
            }
            return acc;
        }
    }
}
