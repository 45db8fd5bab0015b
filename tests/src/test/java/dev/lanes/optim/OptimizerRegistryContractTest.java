package dev.lanes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.spi.OptimizerProvider;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every registered optimizer — built-in or plugged in — must do, checked the moment it is registered:
 * build from its name with defaults, minimise a convex quadratic, reject bad learning rates, and resume from
 * its exported state exactly as if training had not stopped.
 */
class OptimizerRegistryContractTest {

    /**
     * Learning rate and steps under which every optimizer gets close to the minimum of {@link #quadratic}: the
     * built-ins end below 1e-3 of the starting loss, Lion (sign steps of size lr) at 5e-3; the bar is 5e-2.
     */
    private static final float CONTRACT_LR = 0.1f;
    private static final int CONTRACT_STEPS = 300;

    static Set<String> names() {
        return Optimizers.registry().names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void buildsFromItsNameWithDefaults(String name) {
        OptimizerProvider provider = Optimizers.registry().get(name);
        assertTrue(provider.parameterNames().contains("lr"), name + " must accept 'lr'");
        Optimizer opt = Optimizers.create(name.toUpperCase(Locale.ROOT), params());
        assertEquals(name, opt.name());
        assertEquals(1, opt.paramGroups().size());
        assertTrue(opt.lr() > 0f, name + ": default lr " + opt.lr());
        assertEquals(Set.copyOf(provider.parameterNames()), opt.defaults().names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void minimisesAConvexQuadratic(String name) {
        List<Tensor> ps = params();
        Optimizer opt = Optimizers.create(name, ps, Options.of("lr", CONTRACT_LR));
        float initial = quadratic(ps).item();
        for (int t = 0; t < CONTRACT_STEPS; t++) {
            opt.zeroGrad();
            quadratic(ps).backward();
            opt.step();
        }
        float last = quadratic(ps).item();
        assertTrue(last < 0.05f * initial, name + ": loss went from " + initial + " to " + last);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void rejectsNegativeAndNaNLearningRates(String name) {
        for (String bad : List.of("-1", "NaN")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Optimizers.create(name, params(), Options.of("lr", bad)), name + " accepted lr=" + bad);
            assertTrue(e.getMessage().contains("lr") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void resumedTrainingEqualsUninterruptedTrainingBitForBit(String name) {
        List<Tensor> straight = params();
        Optimizer a = Optimizers.create(name, straight, Options.of("lr", CONTRACT_LR));
        train(a, straight, 0, 12);

        List<Tensor> before = params();
        Optimizer b = Optimizers.create(name, before, Options.of("lr", CONTRACT_LR));
        train(b, before, 0, 6);
        Map<String, float[]> saved = b.stateDict();

        List<Tensor> resumed = before.stream().map(p -> p.copy().requiresGrad(true)).toList();
        Optimizer c = Optimizers.create(name, resumed, Options.of("lr", 1)); // lr comes back from the state
        c.loadStateDict(saved);
        train(c, resumed, 6, 12);

        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i).toArray(), resumed.get(i).toArray(), 0f, name + ": parameter " + i);
        }
        Map<String, float[]> expected = a.stateDict();
        Map<String, float[]> actual = c.stateDict();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), 0f, name + ": " + k));
    }

    /** Steps from..to of a run that halves the learning rate before step 4, as a schedule would. */
    private static void train(Optimizer opt, List<Tensor> ps, int from, int to) {
        for (int t = from; t < to; t++) {
            if (t == 4) {
                opt.setLr(CONTRACT_LR / 2);
            }
            opt.zeroGrad();
            quadratic(ps).backward();
            opt.step();
        }
    }

    /** Two parameters, a [2,3] matrix and a [3] vector, starting at zero. */
    private static List<Tensor> params() {
        return List.of(Tensor.zeros(2, 3).requiresGrad(true), Tensor.zeros(3).requiresGrad(true));
    }

    /** Σ c·(p − target)² over both parameters, with curvatures from 0.5 to 3: convex, minimum 0. */
    private static Tensor quadratic(List<Tensor> ps) {
        Tensor m = ps.get(0).sub(Tensor.of(new float[] {1f, -0.5f, 0.8f, -1.2f, 0.3f, 2f}, 2, 3));
        Tensor v = ps.get(1).sub(Tensor.of(0.7f, -1.5f, 1.1f));
        Tensor cm = Tensor.of(new float[] {1f, 2f, 0.5f, 3f, 1.5f, 1f}, 2, 3);
        return m.mul(m).mul(cm).sum().add(v.mul(v).mul(Tensor.of(2f, 0.5f, 1f)).sum());
    }
}
