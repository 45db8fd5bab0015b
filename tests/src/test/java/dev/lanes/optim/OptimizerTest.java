package dev.lanes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.optim.Adagrad;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.AdamW;
import dev.lanes.layers.optim.RMSprop;
import dev.lanes.layers.optim.SGD;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizer shell: parameter groups, zeroGrad, lazy state, learning-rate changes, bad input. */
class OptimizerTest {

    /** A leaf parameter with the given values whose gradient is {@code grad} (through loss = Σ p·grad). */
    static Tensor paramWithGrad(float[] values, float[] grad) {
        Tensor p = Tensor.of(values).requiresGrad(true);
        p.mul(Tensor.of(grad)).sum().backward();
        return p;
    }

    @Test
    void sgdStepIsLrTimesGradient() {
        Tensor p = paramWithGrad(new float[] {1f, 2f}, new float[] {0.5f, -1f});
        new SGD(List.of(p), 0.1f).step();
        assertArrayEquals(new float[] {1f - 0.05f, 2f + 0.1f}, p.toArray(), 0f);
    }

    @Test
    void adamFirstStepMovesEachParameterByLr() {
        // Bias correction makes Adam's first step lr·g/(|g| + eps·…) ≈ lr·sign(g).
        Tensor p = paramWithGrad(new float[] {1f, 2f}, new float[] {3f, -0.25f});
        new Adam(List.of(p), 0.01f).step();
        assertArrayEquals(new float[] {0.99f, 2.01f}, p.toArray(), 1e-6f);
    }

    @Test
    void groupsUseTheirOwnLearningRates() {
        Tensor a = paramWithGrad(new float[] {1f}, new float[] {1f});
        Tensor b = paramWithGrad(new float[] {1f}, new float[] {1f});
        SGD sgd = new SGD(List.of(a), 0.1f);
        ParamGroup second = sgd.addParamGroup(List.of(b), Options.of("lr", 0.01));
        sgd.step();
        assertEquals(0.9f, a.item(), 0f);
        assertEquals(0.99f, b.item(), 0f);
        assertEquals(0.01f, second.lr());
        assertEquals(0.1f, sgd.lr());

        sgd.setLr(0.5f);
        sgd.step();
        assertEquals(0.4f, a.item(), 1e-7f);
        assertEquals(0.49f, b.item(), 1e-7f);
        assertEquals(2, sgd.paramGroups().size());
    }

    @Test
    void groupsInheritTheConstructorsOptions() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f, 0.9f, 0f, 0f, true);
        ParamGroup g = sgd.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Options.of("lr", 1));
        assertEquals(0.9f, g.getFloat("momentum"));
        assertTrue(g.getBoolean("nesterov"));
        assertEquals(1f, g.lr());
    }

    @Test
    void zeroGradZeroesEveryGroupOrDropsTheGradients() {
        Tensor a = paramWithGrad(new float[] {1f, 2f}, new float[] {3f, 4f});
        Tensor b = paramWithGrad(new float[] {1f}, new float[] {5f});
        SGD sgd = new SGD(List.of(a), 0.1f);
        sgd.addParamGroup(List.of(b));
        sgd.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, a.grad().toArray(), 0f);
        assertArrayEquals(new float[] {0f}, b.grad().toArray(), 0f);
        sgd.zeroGrad(true);
        assertNull(a.grad());
        assertNull(b.grad());
    }

    /** PyTorch's default zero_grad sets a frozen parameter's grad to None, so momentum and decay cannot move it. */
    @Test
    void aParameterFrozenMidTrainingStopsMovingAfterZeroGrad() {
        Tensor w = paramWithGrad(new float[] {1f, 2f}, new float[] {0.5f, -0.5f});
        AdamW opt = new AdamW(List.of(w), 0.1f);
        opt.step(); // momentum and weight decay now have something to act on
        w.requiresGrad(false);
        opt.zeroGrad();
        assertNull(w.grad());
        float[] frozen = w.toArray();
        for (int i = 0; i < 3; i++) {
            opt.step();
        }
        assertArrayEquals(frozen, w.toArray(), 0f);
    }

    @Test
    void stateIsCreatedOnFirstUpdateAndParametersWithoutGradientAreSkipped() {
        Tensor withGrad = paramWithGrad(new float[] {1f}, new float[] {1f});
        Tensor without = Tensor.of(7f).requiresGrad(true);
        Adam adam = new Adam(List.of(withGrad, without), 0.1f);
        assertNull(adam.state(withGrad));
        adam.step();
        adam.step();
        ParamState s = adam.state(withGrad);
        assertNotNull(s);
        assertEquals(2, s.step());
        assertTrue(s.has("exp_avg") && s.has("exp_avg_sq"));
        assertTrue(!s.has("max_exp_avg_sq"), "amsgrad is off: no max buffer");
        assertNull(adam.state(without));
        assertEquals(7f, without.item());
    }

    @Test
    void badParameterListsAreRejected() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertMessage(() -> new SGD(List.of(), 0.1f), "empty parameter list");
        assertMessage(() -> new SGD(List.of(p, p), 0.1f), "more than once");
        SGD sgd = new SGD(List.of(p), 0.1f);
        assertMessage(() -> sgd.addParamGroup(List.of(p)), "more than once");
        Tensor nonLeaf = p.mul(2f);
        assertMessage(() -> new SGD(List.of(nonLeaf), 0.1f), "non-leaf");
        assertMessage(() -> sgd.addParamGroup(List.of(Tensor.zeros(1)), Options.of("betas", "0.9,0.99")),
                "unknown option 'betas'");
    }

    @Test
    void badHyperParametersFailNamingOptionAndValue() {
        List<Tensor> ps = List.of(Tensor.zeros(1).requiresGrad(true));
        assertMessage(() -> new SGD(ps, -1f), "sgd: invalid lr=-1.0");
        assertMessage(() -> new SGD(ps, Float.NaN), "invalid lr=NaN");
        assertMessage(() -> new SGD(ps, 0.1f, -0.5f, 0f, 0f, false), "invalid momentum=-0.5");
        assertMessage(() -> new SGD(ps, 0.1f, 0f, 0f, -1f, false), "invalid weight_decay=-1.0");
        assertMessage(() -> new SGD(ps, 0.1f, 0f, 0f, 0f, true), "nesterov=true requires momentum > 0");
        assertMessage(() -> new SGD(ps, 0.1f, 0.9f, 0.1f, 0f, true), "dampening=0.1");
        assertMessage(() -> new Adam(ps, 0.1f, 1f, 0.999f, 1e-8f, 0f, false), "invalid betas=(1.0, 0.999)");
        assertMessage(() -> new Adam(ps, 0.1f, 0.9f, -0.1f, 1e-8f, 0f, false), "betas[1] must be");
        assertMessage(() -> new Adam(ps, 0.1f, 0.9f, 0.999f, -1e-8f, 0f, false), "invalid eps=-1.0E-8");
        assertMessage(() -> new RMSprop(ps, 0.01f, -0.9f, 1e-8f, 0f, 0f, false), "rmsprop: invalid alpha=-0.9");
        assertMessage(() -> new RMSprop(ps, 0.01f, 0.9f, 1e-8f, 0f, Float.NaN, false), "invalid momentum=NaN");
        assertMessage(() -> new Adagrad(ps, 0.01f, -1f, 0f, 0f, 1e-10f), "adagrad: invalid lr_decay=-1.0");
        assertMessage(() -> new Adagrad(ps, 0.01f, 0f, 0f, -0.1f, 1e-10f), "invalid initial_accumulator_value=-0.1");
        assertMessage(() -> new AdamW(ps, 0.01f, 0.9f, 0.999f, 1e-8f, -0.01f, false), "adamw: invalid weight_decay");
        SGD sgd = new SGD(ps, 0.1f);
        assertMessage(() -> sgd.setLr(Float.NaN), "invalid lr=NaN");
        assertMessage(() -> sgd.setLr(Float.POSITIVE_INFINITY), "invalid lr=Infinity");
        assertEquals(0.1f, sgd.lr(), "a rejected change leaves the value as it was");
        assertMessage(() -> sgd.paramGroups().getFirst().set("nesterov", true), "nesterov=true requires");
    }

    @Test
    void toStringListsEveryGroupLikePyTorch() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f);
        String s = sgd.toString();
        assertTrue(s.startsWith("SGD (\nParameter Group 0\n    lr: 0.1\n    momentum: 0.0"), s);
        assertTrue(s.contains("nesterov: False"), s);
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable action, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected),
                () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
