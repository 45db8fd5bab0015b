package dev.lanes.optim;

import static dev.lanes.optim.OptimizerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.SGD;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpointing optimizer state: layout, exact resume for every parity configuration, and bad dicts. */
class OptimizerStateDictTest {

    /** Every option combination of the parity fixtures (groups, lr changes, all buffers) resumes exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lanes.optim.OptimFixture#caseNames")
    void resumingFromTheStateDictEqualsUninterruptedTraining(String name) {
        OptimFixture.Case c = OptimFixture.load(name);
        OptimFixture.Problem problem = OptimFixture.problem();
        Tensor w = problem.initialW();
        Tensor b = problem.initialB();
        Optimizer straight = c.build(w, b);
        for (int t = 1; t <= c.steps(); t++) {
            problem.trainStep(c, straight, t, w, b);
        }

        Tensor w2 = problem.initialW();
        Tensor b2 = problem.initialB();
        Optimizer first = c.build(w2, b2);
        int half = c.steps() / 2 + 3; // past the fixtures' lr change at step 11
        for (int t = 1; t <= half; t++) {
            problem.trainStep(c, first, t, w2, b2);
        }
        Tensor w3 = w2.copy().requiresGrad(true);
        Tensor b3 = b2.copy().requiresGrad(true);
        Optimizer resumed = c.build(w3, b3);
        resumed.loadStateDict(first.stateDict());
        for (int t = half + 1; t <= c.steps(); t++) {
            problem.trainStep(c, resumed, t, w3, b3);
        }
        assertArrayEquals(w.toArray(), w3.toArray(), 0f);
        assertArrayEquals(b.toArray(), b3.toArray(), 0f);
        assertEquals(straight.lr(), resumed.lr());
    }

    @Test
    void layoutFollowsPyTorchsStateDict() {
        Tensor a = OptimizerTest.paramWithGrad(new float[] {1f, 2f}, new float[] {0.5f, 0.25f});
        Tensor b = OptimizerTest.paramWithGrad(new float[] {3f}, new float[] {1f});
        Tensor unused = Tensor.zeros(2).requiresGrad(true);
        Adam adam = new Adam(List.of(a), 0.01f, 0.8f, 0.9f, 1e-6f, 0f, true);
        adam.addParamGroup(List.of(unused, b), Options.of("lr", 0.5));
        adam.step();
        Map<String, float[]> dict = adam.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.2.step", "state.2.exp_avg", "state.2.exp_avg_sq", "state.2.max_exp_avg_sq",
                "param_groups.0.params", "param_groups.0.lr", "param_groups.0.betas", "param_groups.0.eps",
                "param_groups.0.weight_decay", "param_groups.0.amsgrad",
                "param_groups.1.params", "param_groups.1.lr", "param_groups.1.betas", "param_groups.1.eps",
                "param_groups.1.weight_decay", "param_groups.1.amsgrad"), List.copyOf(dict.keySet()));
        assertArrayEquals(new float[] {1f}, dict.get("state.0.step"));
        assertArrayEquals(new float[] {0.1f, 0.05f}, dict.get("state.0.exp_avg"), 1e-8f);
        assertArrayEquals(new float[] {1f, 2f}, dict.get("param_groups.1.params"));
        assertArrayEquals(new float[] {0.8f, 0.9f}, dict.get("param_groups.0.betas"));
        assertArrayEquals(new float[] {1f}, dict.get("param_groups.0.amsgrad"));
        assertArrayEquals(new float[] {0.5f}, dict.get("param_groups.1.lr"));

        dict.get("state.0.exp_avg")[0] = 99f; // the export is a copy
        assertEquals(0.1f, adam.stateDict().get("state.0.exp_avg")[0], 1e-8f);
    }

    @Test
    void badDictsFailClearlyAndChangeNothing() {
        Tensor p = OptimizerTest.paramWithGrad(new float[] {1f, 2f}, new float[] {0.5f, 0.25f});
        SGD sgd = new SGD(List.of(p), 0.1f, 0.9f, 0f, 0f, false);
        sgd.step();
        Map<String, float[]> good = sgd.stateDict();

        assertMessage(() -> sgd.loadStateDict(with(good, "state.0.momentum_buffer", new float[3])),
                "'state.0.momentum_buffer': 3 values for a parameter of 2 elements");
        assertMessage(() -> sgd.loadStateDict(with(good, "state.0.exp_avg", new float[2])),
                "'exp_avg' is not a state buffer of sgd (it keeps: momentum_buffer); was this state saved from "
                        + "another optimizer?");
        assertMessage(() -> sgd.loadStateDict(with(good, "state.1.step", new float[] {1f})),
                "index 1 is out of range: this optimizer has 1 parameters");
        assertMessage(() -> sgd.loadStateDict(with(good, "state.0.step", new float[] {1.5f})),
                "a step count must be one whole number >= 0");
        assertMessage(() -> sgd.loadStateDict(with(good, "param_groups.0.lr", new float[] {-1f})),
                "sgd: invalid lr=-1.0");
        assertMessage(() -> sgd.loadStateDict(with(good, "param_groups.0.nesterov", new float[] {0.5f})),
                "must be 0 or 1 (a flag), got 0.5");
        assertMessage(() -> sgd.loadStateDict(with(good, "param_groups.0.betas", new float[] {0.9f, 0.9f})),
                "'betas' is not an option of sgd");
        assertMessage(() -> sgd.loadStateDict(with(good, "param_groups.0.params", new float[] {0f, 1f})),
                "the saved group holds 2 parameter(s), this optimizer's group 0 holds 1");
        assertMessage(() -> sgd.loadStateDict(with(good, "momentum", new float[] {0.9f})),
                "keys look like state.<i>.<buffer> or param_groups.<g>.<option>");
        Map<String, float[]> noStep = new LinkedHashMap<>(good);
        noStep.remove("state.0.step");
        assertMessage(() -> sgd.loadStateDict(noStep), "buffers for parameter 0 but no 'state.0.step'");
        Map<String, float[]> noGroup = new LinkedHashMap<>(good);
        noGroup.remove("param_groups.0.params");
        assertMessage(() -> sgd.loadStateDict(noGroup), "state dict has no 'param_groups.0.params'");

        Map<String, float[]> after = sgd.stateDict();
        assertEquals(good.keySet(), after.keySet());
        good.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0f, k));
    }

    @Test
    void loadingReplacesStateAndRestoresGroupOptions() {
        Tensor p = OptimizerTest.paramWithGrad(new float[] {1f}, new float[] {1f});
        SGD trained = new SGD(List.of(p), 0.1f, 0.9f, 0f, 0f, true);
        trained.step();
        trained.setLr(0.02f);
        SGD fresh = new SGD(List.of(p), 0.5f);
        fresh.loadStateDict(trained.stateDict());
        assertEquals(0.02f, fresh.lr());
        assertEquals(0.9f, fresh.paramGroups().getFirst().getFloat("momentum"));
        assertEquals(true, fresh.paramGroups().getFirst().getBoolean("nesterov"));
        assertEquals(1, fresh.state(p).step());

        fresh.loadStateDict(new SGD(List.of(p), 0.3f).stateDict()); // a dict without state clears it
        assertEquals(null, fresh.state(p));
        assertEquals(0.3f, fresh.lr());
    }

    private static Map<String, float[]> with(Map<String, float[]> dict, String key, float[] value) {
        Map<String, float[]> copy = new LinkedHashMap<>(dict);
        copy.put(key, value);
        return copy;
    }
}
