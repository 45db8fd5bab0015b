package dev.lanes.kernel;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** SGD and Adam steps, vector against scalar, over every option combination and every tail length. */
class OptimizerProperties extends KernelPropertyBase {

    /**
     * A few chained elementwise operations (FMA versus separate roundings, a square root and a division in Adam):
     * each contributes ELEMENTWISE_REL at most, five of them in a row.
     */
    static final double UPDATE_REL = 5 * ELEMENTWISE_REL;

    private static double[] updateTolerance(float[] expected, float[] before) {
        double[] tol = new double[expected.length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = UPDATE_REL * (Math.abs(expected[i]) + Math.abs(before[i])) + ABS_FLOOR;
        }
        return tol;
    }

    @Property(tries = 60)
    @Checks("sgdStep")
    void sgdStep(@ForAll @IntRange(max = 70) int n, @ForAll boolean momentum, @ForAll boolean nesterov,
                 @ForAll boolean firstStep, @ForAll boolean weightDecay, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] param = random(rnd, n);
        float[] grad = random(rnd, n);
        float[] buf = momentum ? random(rnd, n) : null;
        float mom = momentum ? 0.9f : 0f;
        float dampening = momentum && !nesterov ? 0.1f : 0f;
        float wd = weightDecay ? 0.01f : 0f;
        float[] p1 = param.clone();
        float[] p2 = param.clone();
        float[] b1 = buf == null ? null : buf.clone();
        float[] b2 = buf == null ? null : buf.clone();
        SCALAR.sgdStep(p1, grad, b1, n, 0.1f, mom, dampening, wd, nesterov && momentum, firstStep);
        VECTOR.sgdStep(p2, grad, b2, n, 0.1f, mom, dampening, wd, nesterov && momentum, firstStep);
        assertClose("sgdStep param", p1, p2, updateTolerance(p1, param));
        if (buf != null) {
            assertClose("sgdStep momentum buffer", b1, b2, updateTolerance(b1, buf));
        }
    }

    @Property(tries = 60)
    @Checks("adamStep")
    void adamStep(@ForAll @IntRange(max = 70) int n, @ForAll boolean amsgrad, @ForAll boolean decoupled,
                  @ForAll boolean weightDecay, @ForAll @LongRange(min = 1, max = 1000) long step, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] param = random(rnd, n);
        float[] grad = random(rnd, n);
        float[] m = random(rnd, n);
        float[] v = abs(random(rnd, n));
        float[] vMax = amsgrad ? abs(random(rnd, n)) : null;
        float wd = weightDecay ? 0.01f : 0f;
        float[][] expected = {param.clone(), m.clone(), v.clone(), vMax == null ? null : vMax.clone()};
        float[][] actual = {param.clone(), m.clone(), v.clone(), vMax == null ? null : vMax.clone()};
        SCALAR.adamStep(expected[0], grad, expected[1], expected[2], expected[3], n, 0.01f, 0.9f, 0.999f, 1e-8f,
                wd, decoupled, step);
        VECTOR.adamStep(actual[0], grad, actual[1], actual[2], actual[3], n, 0.01f, 0.9f, 0.999f, 1e-8f,
                wd, decoupled, step);
        assertClose("adamStep param", expected[0], actual[0], updateTolerance(expected[0], param));
        assertClose("adamStep exp_avg", expected[1], actual[1], updateTolerance(expected[1], m));
        assertClose("adamStep exp_avg_sq", expected[2], actual[2], updateTolerance(expected[2], v));
        if (amsgrad) {
            assertClose("adamStep max_exp_avg_sq", expected[3], actual[3], updateTolerance(expected[3], vMax));
        }
    }
}
