package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.BatchNorm1d;
import dev.lanes.layers.Dropout;
import dev.lanes.layers.ELU;
import dev.lanes.layers.GELU;
import dev.lanes.layers.LayerNorm;
import dev.lanes.layers.LeakyReLU;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.layers.SiLU;
import dev.lanes.layers.Tanh;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.loss.L1Loss;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.AdamW;
import dev.lanes.layers.optim.RMSprop;
import dev.lanes.layers.optim.SGD;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fused training step follows the autograd loop (forward, loss, zeroGrad, backward, step) step by step: two
 * identical models, one trained each way on the same batches, agree on every loss, gradient and parameter.
 */
class TrainStepTest {

    /**
     * Both paths make the same kernel calls on the same arrays (the loss gradient is written with autograd's
     * formulas), so gradients and parameters come out equal; the cross-entropy value is summed in another order
     * than autograd's mean, a few ulps. 1e-6 relative leaves room for that and nothing else: a wrong scale, a
     * missed zeroGrad or an update with a stale gradient is off by 1e-3 or more within a step or two.
     */
    static final float RELATIVE = 1e-6f;
    static final float ABSOLUTE = 1e-7f;
    static final int STEPS = 20;

    /** A model built twice from the same seed, a loss, an optimizer factory and a way to draw batches. */
    record Case(String name, Supplier<Sequential> model, Loss loss, Function<List<Tensor>, Optimizer> optimizer,
                int batch, Batches batches) {
    }

    interface Batches {
        /** {x, target} for step {@code step} with {@code rows} rows. */
        Tensor[] draw(Random rnd, int rows);
    }

    static Sequential seed1() {
        Random rnd = new Random(1);
        return Sequential.of(new Linear(3, 10, true, rnd), new Sigmoid(), new Linear(10, 6, true, rnd), new ReLU(),
                new Linear(6, 4, true, rnd), new Sigmoid());
    }

    static Sequential seed2() {
        Random rnd = new Random(2);
        return Sequential.of(new Linear(2, 2, true, rnd), new ReLU(), new Linear(2, 3, true, rnd), new Sigmoid());
    }

    static Sequential digits() {
        Random rnd = new Random(4);
        return Sequential.of(new Linear(64, 128, true, rnd), new ReLU(), new Linear(128, 64, true, rnd), new ReLU(),
                new Linear(64, 10, true, rnd));
    }

    /** normal(0, 10) inputs as the seed programs draw them, uniform targets. */
    static Batches regression(int in, int out) {
        return (rnd, rows) -> new Tensor[] {Tensor.randn(rnd, rows, in).mul(10f), Tensor.rand(rnd, rows, out)};
    }

    /** The model in eval mode: dropouts skipped, BatchNorm on its running statistics. */
    static Supplier<Sequential> inEvalMode(Supplier<Sequential> model) {
        return () -> {
            Sequential m = model.get();
            m.eval();
            return m;
        };
    }

    static Batches classes(int in, int classes) {
        return (rnd, rows) -> new Tensor[] {Tensor.randn(rnd, rows, in), Tensor.randint(0, classes, rnd, rows)};
    }

    @Test
    void seedProgram1Sgd() {
        follow(new Case("3-10-6-4 MSE SGD", TrainStepTest::seed1, new MSELoss(), p -> new SGD(p, 0.1f), 10,
                regression(3, 4)));
    }

    @Test
    void seedProgram1SgdMomentumNesterovWeightDecay() {
        follow(new Case("3-10-6-4 MSE SGD momentum", TrainStepTest::seed1, new MSELoss(),
                p -> new SGD(p, 0.05f, 0.9f, 0f, 0f, false), 10, regression(3, 4)));
        follow(new Case("3-10-6-4 MSE SGD nesterov+decay", TrainStepTest::seed1, new MSELoss(Reduction.SUM),
                p -> new SGD(p, 0.01f, 0.9f, 0f, 1e-2f, true), 10, regression(3, 4)));
    }

    @Test
    void seedProgram2Adam() {
        follow(new Case("2-2-3 MSE Adam", TrainStepTest::seed2, new MSELoss(), p -> new Adam(p, 0.01f), 4,
                regression(2, 3)));
    }

    @Test
    void digitsCrossEntropyAdamAndAdamW() {
        follow(new Case("64-128-64-10 CE Adam", TrainStepTest::digits, new CrossEntropyLoss(),
                p -> new Adam(p, 1e-3f), 32, classes(64, 10)));
        follow(new Case("64-128-64-10 CE(sum) AdamW amsgrad", TrainStepTest::digits,
                new CrossEntropyLoss(Reduction.SUM), p -> new AdamW(p, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.05f, true), 32,
                classes(64, 10)));
    }

    @Test
    void everyActivationAndAnyOptimizer() {
        Supplier<Sequential> model = () -> {
            Random rnd = new Random(7);
            return Sequential.of(new Linear(5, 9, true, rnd), new Tanh(), new Linear(9, 8, false, rnd), new GELU(),
                    new Linear(8, 7, true, rnd), new LeakyReLU(0.1f), new Linear(7, 3, true, rnd));
        };
        follow(new Case("tanh/gelu/leaky RMSprop", model, new MSELoss(), p -> new RMSprop(p, 1e-2f), 6,
                regression(5, 3)));
        Supplier<Sequential> smooth = () -> {
            Random rnd = new Random(8);
            // a norm before SiLU, which reads the norm's output as its pre-activation
            return Sequential.of(new Linear(5, 9, true, rnd), new LayerNorm(9, 1e-5f, true), new SiLU(),
                    new Linear(9, 8, false, rnd), new ELU(0.7f), new Linear(8, 7, true, rnd), new SiLU(),
                    new Linear(7, 6, true, rnd), new ELU(), new Linear(6, 3, true, rnd));
        };
        follow(new Case("silu/elu Adam", smooth, new MSELoss(), p -> new Adam(p, 1e-2f), 6, regression(5, 3)));
    }

    /**
     * Dropout after a dense layer (with or without its activation, the last layer's too) runs in the fused plan and
     * draws the masks autograd's forward draws: each copy's Dropouts have their own generators, seeded alike.
     */
    @Test
    void dropoutRunsInThePlanWithAutogradsMasks() {
        Supplier<Sequential> model = () -> {
            Random rnd = new Random(9);
            return Sequential.of(new Linear(64, 48, true, rnd), new ReLU(), new Dropout(0.3f, new Generator(1)),
                    new Linear(48, 32, true, rnd), new Dropout(0.5f, new Generator(2)), new Linear(32, 24, true, rnd),
                    new Tanh(), new Dropout(0.1f, new Generator(3)), new Linear(24, 10, true, rnd),
                    new Dropout(0.2f, new Generator(4)));
        };
        follow(new Case("dropout CE Adam", model, new CrossEntropyLoss(), p -> new Adam(p, 1e-2f), 16,
                classes(64, 10)));
        follow(new Case("dropout in eval mode: skipped", inEvalMode(model), new MSELoss(), p -> new SGD(p, 0.1f), 8,
                regression(64, 10)));
    }

    /** W7's shape: Linear → BatchNorm1d → ReLU, Linear → LayerNorm → ReLU, Linear; the norms run in the plan. */
    static Sequential normed() {
        Random rnd = new Random(11);
        return Sequential.of(new Linear(64, 48, true, rnd), new BatchNorm1d(48), new ReLU(),
                new Linear(48, 32, true, rnd), new LayerNorm(32), new ReLU(), new Linear(32, 10, true, rnd));
    }

    /**
     * BatchNorm1d in training mode (batch statistics; running statistics and num_batches_tracked updated, compared
     * as buffers) and LayerNorm between dense layers and their activations, no autograd involved.
     */
    @Test
    void normsBetweenDenseLayersAndActivationsRunInThePlan() {
        follow(new Case("bn/ln CE Adam", TrainStepTest::normed, new CrossEntropyLoss(), p -> new Adam(p, 1e-2f), 16,
                classes(64, 10)));
        follow(new Case("bn/ln MSE SGD momentum", TrainStepTest::normed, new MSELoss(),
                p -> new SGD(p, 0.05f, 0.9f, 0f, 0f, false), 8, regression(64, 10)));
    }

    /**
     * The options that change the norms' code paths: BatchNorm without affine and with the cumulative average
     * (momentum none), without running statistics, in eval mode (running statistics, nothing updated); LayerNorm
     * without bias, without affine; a norm with no activation after it, one before GELU (which needs its input), one
     * before a dropout, and one as the last layer.
     */
    @Test
    void everyNormOptionAndPosition() {
        Supplier<Sequential> options = () -> {
            Random rnd = new Random(12);
            return Sequential.of(new Linear(6, 12, false, rnd), new BatchNorm1d(12, 1e-3f, null, false, true),
                    new GELU(), new Linear(12, 10, true, rnd), new LayerNorm(new int[] {10}, 1e-5f, true, false),
                    new Tanh(), new Dropout(0.2f, new Generator(5)), new Linear(10, 8, true, rnd),
                    new BatchNorm1d(8, 1e-5f, 0.3f, true, false), new Linear(8, 7, true, rnd),
                    new LayerNorm(7, 1e-5f, false), new LeakyReLU(0.1f), new Linear(7, 4, true, rnd),
                    new BatchNorm1d(4));
        };
        follow(new Case("norm options MSE Adam", options, new MSELoss(), p -> new Adam(p, 1e-2f), 6,
                regression(6, 4)));
        // running statistics; the untracked one keeps using the batch's
        follow(new Case("norm options in eval mode, SGD", inEvalMode(options), new MSELoss(),
                p -> new SGD(p, 0.1f), 6, regression(6, 4)));
    }

    /** The other common ordering, Linear → ReLU → norm: the benchmark's shape with its norms after the ReLUs. */
    static Sequential normedAfterActivations() {
        Random rnd = new Random(15);
        return Sequential.of(new Linear(64, 128, true, rnd), new ReLU(), new BatchNorm1d(128),
                new Linear(128, 64, true, rnd), new ReLU(), new LayerNorm(64), new Linear(64, 10, true, rnd));
    }

    /**
     * A norm after the activation runs in the plan too: BatchNorm1d and LayerNorm, with and without affine, after an
     * activation that needs its input (GELU) or its output (Tanh, Sigmoid), with a norm before the activation too,
     * followed by a dropout, and as the last layer (with and without a dropout after it); in eval mode the running
     * statistics.
     */
    @Test
    void normsAfterActivationsRunInThePlan() {
        follow(new Case("relu-bn/relu-ln CE Adam", TrainStepTest::normedAfterActivations, new CrossEntropyLoss(),
                p -> new Adam(p, 1e-2f), 32, classes(64, 10)));
        Supplier<Sequential> options = () -> {
            Random rnd = new Random(16);
            return Sequential.of(new Linear(6, 12, true, rnd), new GELU(),
                    new BatchNorm1d(12, 1e-3f, null, false, true), new Linear(12, 10, false, rnd), new Tanh(),
                    new LayerNorm(new int[] {10}, 1e-5f, false, true), new Dropout(0.2f, new Generator(6)),
                    new Linear(10, 9, true, rnd), new BatchNorm1d(9), new LeakyReLU(0.1f), new LayerNorm(9, 1e-5f,
                    true), new Dropout(0.1f, new Generator(7)), new Linear(9, 7, true, rnd), new Sigmoid(),
                    new LayerNorm(new int[] {7}, 1e-5f, true, false), new Linear(7, 4, true, rnd), new ReLU(),
                    new BatchNorm1d(4), new Dropout(0.3f, new Generator(8)));
        };
        follow(new Case("norms after activations MSE Adam", options, new MSELoss(), p -> new Adam(p, 1e-2f), 6,
                regression(6, 4)));
        follow(new Case("norms after activations in eval mode, SGD", inEvalMode(options), new MSELoss(),
                p -> new SGD(p, 0.1f), 6, regression(6, 4)));
        follow(new Case("layernorm without affine last, SGD momentum", () -> {
            Random rnd = new Random(17);
            return Sequential.of(new Linear(5, 8, true, rnd), new Tanh(), new BatchNorm1d(8, 1e-5f, 0.3f, true,
                    false), new Linear(8, 3, true, rnd), new Sigmoid(), new LayerNorm(3, 1e-5f, false));
        }, new MSELoss(Reduction.SUM), p -> new SGD(p, 0.05f, 0.9f, 0f, 0f, false), 8, regression(5, 3)));
    }

    @Test
    void normsThatCannotRunInThePlanFallBack() {
        Random rnd = new Random(13);
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new BatchNorm1d(6), new Linear(6, 2, true, rnd)),
                "a norm over another width than its dense layer's output");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new LayerNorm(new int[] {2, 4}, 1e-5f, true, true),
                new Linear(8, 2, true, rnd)), "a LayerNorm over two dimensions (the rows are 2-D)");
        assertFalls(Sequential.of(new BatchNorm1d(4), new Linear(4, 2, true, rnd)), "a norm of the input");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new ReLU(), new BatchNorm1d(8), new LayerNorm(8),
                new Linear(8, 2, true, rnd)), "two norms after the activation");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new ReLU(), new BatchNorm1d(8), new ReLU(),
                new Linear(8, 2, true, rnd)), "an activation after the norm after the activation");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new ReLU(), new BatchNorm1d(6),
                new Linear(6, 2, true, rnd)), "a norm after the activation over another width");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new BatchNorm1d(8), new LayerNorm(8),
                new Linear(8, 2, true, rnd)), "two norms after one dense layer");
        assertFalls(Sequential.of(new Linear(4, 8, true, rnd), new Dropout(0.5f), new BatchNorm1d(8),
                new Linear(8, 2, true, rnd)), "a norm after a dropout");
    }

    private static void assertFalls(Sequential model, String why) {
        assertTrue(DenseStack.of(model).isEmpty(), why);
        assertTrue(TrainStep.of(model, new MSELoss(), new SGD(model.parameters(), 0.1f)).isEmpty(), why);
    }

    /** A batch of one row cannot be normalised by its own statistics: the layer's own message, nothing changed. */
    @Test
    void aBatchOfOneRowIsRefusedAsTheModuleRefusesIt() {
        Sequential model = normed();
        TrainStep step = TrainStep.of(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3f))
                .orElseThrow();
        var e = assertThrows(IllegalArgumentException.class, () -> step.step(new float[64], new float[1], 1));
        assertTrue(e.getMessage().startsWith("BatchNorm1d: expected more than 1 value per channel when training, got"
                + " input [1, 48]; use batches of 2 or more rows"), e.getMessage());
        assertEquals(0f, ((BatchNorm1d) model.layers().get(1)).runningMean().storage()[0], "running mean untouched");
    }

    /** Trains two copies of the case's model, autograd and fused, over batches of varying size. */
    static void follow(Case c) {
        Sequential reference = c.model().get();
        Sequential fused = c.model().get();
        Optimizer refOpt = c.optimizer().apply(reference.parameters());
        Optimizer fusedOpt = c.optimizer().apply(fused.parameters());
        TrainStep step = TrainStep.of(fused, c.loss(), fusedOpt).orElseThrow();
        Random rnd = new Random(c.name().hashCode());
        for (int s = 0; s < STEPS; s++) {
            int rows = s % 5 == 4 ? c.batch() / 2 + 1 : c.batch(); // a short last batch now and then
            Tensor[] batch = c.batches().draw(rnd, rows);
            refOpt.zeroGrad();
            Tensor l = c.loss().forward(reference.forward(batch[0]), batch[1]);
            l.backward();
            refOpt.step();
            float value = step.step(batch[0].storage(), batch[1].storage(), rows);
            String at = c.name() + ", step " + s;
            assertClose(at + ": loss", new float[] {l.item()}, new float[] {value});
            List<Tensor> ref = reference.parameters();
            List<Tensor> got = fused.parameters();
            for (int p = 0; p < ref.size(); p++) {
                assertClose(at + ": grad of parameter " + p, ref.get(p).grad().toArray(), got.get(p).grad().toArray());
                assertClose(at + ": parameter " + p, ref.get(p).toArray(), got.get(p).toArray());
            }
            Map<String, Tensor> refBuffers = reference.namedBuffers();
            Map<String, Tensor> gotBuffers = fused.namedBuffers();
            assertEquals(refBuffers.keySet(), gotBuffers.keySet(), at);
            refBuffers.forEach((name, t) -> assertClose(at + ": buffer " + name, t.toArray(),
                    gotBuffers.get(name).toArray()));
        }
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], RELATIVE * Math.abs(expected[i]) + ABSOLUTE, what + " at " + i);
        }
    }

    @Test
    void gradientsDroppedBetweenStepsAreRecreated() {
        Sequential reference = seed1();
        Sequential fused = seed1();
        Optimizer refOpt = new SGD(reference.parameters(), 0.1f);
        Optimizer fusedOpt = new SGD(fused.parameters(), 0.1f);
        TrainStep step = TrainStep.of(fused, new MSELoss(), fusedOpt).orElseThrow();
        Batches batches = regression(3, 4);
        Random rnd = new Random(3);
        for (int s = 0; s < 3; s++) {
            Tensor[] batch = batches.draw(rnd, 5);
            refOpt.zeroGrad(true); // grad = None, PyTorch's default zero_grad
            fusedOpt.zeroGrad(true);
            new MSELoss().forward(reference.forward(batch[0]), batch[1]).backward();
            refOpt.step();
            step.step(batch[0].storage(), batch[1].storage(), 5);
            for (int p = 0; p < reference.parameters().size(); p++) {
                assertClose("step " + s + " parameter " + p, reference.parameters().get(p).toArray(),
                        fused.parameters().get(p).toArray());
            }
        }
        assertTrue(fused.parameters().stream().allMatch(p -> p.grad() != null), "the step recreated the gradients");
    }

    @Test
    void unsupportedSetupsFallBack() {
        Sequential model = seed2();
        Optimizer opt = new SGD(model.parameters(), 0.1f);
        assertTrue(TrainStep.of(model, new MSELoss(Reduction.NONE), opt).isEmpty(), "unreduced loss");
        assertTrue(TrainStep.of(model, new L1Loss(), opt).isEmpty(), "loss without a fused gradient");
        Sequential inputDropout = Sequential.of(new Dropout(0.5f), new Linear(2, 2), new Linear(2, 3));
        assertTrue(TrainStep.of(inputDropout, new MSELoss(), new SGD(inputDropout.parameters(), 0.1f)).isEmpty(),
                "dropout of the input in training mode");
        Sequential beforeActivation = Sequential.of(new Linear(2, 2), new Dropout(0.5f), new ReLU(), new Linear(2, 3));
        assertTrue(TrainStep.of(beforeActivation, new MSELoss(), new SGD(beforeActivation.parameters(), 0.1f))
                .isEmpty(), "dropout between a dense layer and its activation");
        Sequential frozen = seed2();
        frozen.parameters().getFirst().requiresGrad(false);
        assertTrue(TrainStep.of(frozen, new MSELoss(), new SGD(frozen.parameters(), 0.1f)).isEmpty(),
                "a frozen dense layer");
    }

    @Test
    void badTargetsAreNamed() {
        Sequential model = digits();
        TrainStep ce = TrainStep.of(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3f)).orElseThrow();
        float[] x = new float[2 * 64];
        var label = assertThrows(IllegalArgumentException.class, () -> ce.step(x, new float[] {3, 10}, 2));
        assertEquals("CrossEntropyLoss: target class at flat position 1 of shape [2] is 10.0, but it must be a whole "
                + "number in [0, 10)", label.getMessage());
        var shortTarget = assertThrows(IllegalArgumentException.class, () -> ce.step(x, new float[] {3}, 2));
        assertTrue(shortTarget.getMessage().contains("target array holds 1 floats but 2 rows of 1 need 2"),
                shortTarget.getMessage());
        var shortInput = assertThrows(IllegalArgumentException.class, () -> ce.step(new float[64], new float[2], 2));
        assertTrue(shortInput.getMessage().contains("input array holds 64 floats but 2 rows of 64 need 128"),
                shortInput.getMessage());
    }
}
