package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.Activation;
import dev.lanes.layers.Dropout;
import dev.lanes.layers.ELU;
import dev.lanes.layers.Embedding;
import dev.lanes.layers.Flatten;
import dev.lanes.layers.GELU;
import dev.lanes.layers.LeakyReLU;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.layers.SiLU;
import dev.lanes.layers.Softmax;
import dev.lanes.layers.Tanh;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The flat-array plan of a dense Sequential gives model.forward's numbers, and refuses what it cannot run. */
class DenseStackTest {

    /**
     * Where Sequential runs a Linear and its activation apart (across a skipped layer or a nested Sequential) the
     * plan fuses them; the fused kernel's epilogue may evaluate exp/tanh in another order (FusedLinearTest), a few
     * ulps. Everywhere else the plan makes the very same kernel calls, and the outputs are compared bit for bit.
     */
    static final float FUSED_TOLERANCE = 1e-6f;

    static final List<Supplier<Module>> ACTIVATIONS = List.of(ReLU::new, Sigmoid::new, Tanh::new,
            () -> new LeakyReLU(0.2f), GELU::new, SiLU::new, () -> new ELU(0.5f));

    @Provide
    Arbitrary<Integer> width() {
        return Arbitraries.of(1, 2, 3, 4, 6, 10, 17, 33, 64, 128);
    }

    /** Random widths, activations (or none) and batch sizes: plan output == model.forward, bit for bit. */
    @Property(tries = 40)
    void sameNumbersAsModuleForward(@ForAll @Size(min = 2, max = 5) List<@net.jqwik.api.From("width") Integer> widths,
                                    @ForAll @Size(min = 4, max = 4) List<@IntRange(min = -1, max = 4) Integer> acts,
                                    @ForAll @IntRange(min = 1, max = 70) int batch, @ForAll long seed) {
        Random rnd = new Random(seed);
        Sequential model = new Sequential();
        for (int i = 0; i + 1 < widths.size(); i++) {
            model.append(new Linear(widths.get(i), widths.get(i + 1), rnd.nextBoolean(), rnd));
            int a = acts.get(i);
            if (a >= 0) {
                model.append(ACTIVATIONS.get(a).get());
            }
        }
        DenseStack stack = DenseStack.of(model).orElseThrow();
        assertEquals(widths.size() - 1, stack.stages().size());
        Tensor x = Tensor.randn(rnd, batch, widths.getFirst());
        assertArrayEquals(reference(model, x), run(stack, x, stack.newWorkspace()));
    }

    @Test
    void seedNetworksAndWorkspaceReuseAcrossBatchSizes() {
        Sequential w1 = Sequential.of(new Linear(3, 10), new Sigmoid(), new Linear(10, 6), new ReLU(),
                new Linear(6, 4), new Sigmoid());
        Sequential w2 = Sequential.of(new Linear(2, 2), new ReLU(), new Linear(2, 3), new Sigmoid());
        Sequential w4 = Sequential.of(new Linear(64, 128), new ReLU(), new Linear(128, 64), new ReLU(),
                new Linear(64, 10));
        for (Sequential model : List.of(w1, w2, w4)) {
            DenseStack stack = DenseStack.of(model).orElseThrow();
            DenseStack.Workspace ws = stack.newWorkspace();
            for (int batch : new int[] {1, 10, 4, 300, 7}) { // grows, then shrinks back within capacity
                Tensor x = Tensor.randn(batch, batch, stack.inFeatures());
                assertArrayEquals(reference(model, x), run(stack, x, ws), "batch " + batch);
            }
            assertEquals(300, ws.capacity());
        }
    }

    @Test
    void stagesReadLiveParameters() {
        Linear first = new Linear(4, 5, true, new Random(1));
        Sequential model = Sequential.of(first, new Tanh(), new Linear(5, 2, false, new Random(2)));
        DenseStack stack = DenseStack.of(model).orElseThrow();
        DenseStack.Stage s = stack.stages().getFirst();
        assertSame(first.weight(), s.weight());
        assertSame(first.bias(), s.bias());
        assertEquals(Activation.TANH, s.activation());
        assertEquals(null, stack.stages().get(1).bias());
        try (var scope = GradMode.noGrad()) {
            first.weight().mulInPlace(-3f); // an optimizer step or loadStateDict writes the same arrays
        }
        Tensor x = Tensor.randn(3, 6, 4);
        assertArrayEquals(reference(model, x), run(stack, x, stack.newWorkspace()));
    }

    /**
     * A snapshot gives the live plan's numbers bit for bit (at a batch that takes the packed GEMM, and at batch 1),
     * then keeps them when the model is trained; a snapshot sharing it serves the same copies; it refuses training.
     */
    @Test
    void snapshotKeepsTheWeightsOfItsTime() {
        Linear first = new Linear(40, 48, true, new Random(1));
        Sequential model = Sequential.of(first, new ReLU(), new Linear(48, 20, true, new Random(2)), new Sigmoid());
        DenseStack live = DenseStack.of(model).orElseThrow();
        DenseStack snapshot = live.snapshot();
        assertTrue(snapshot.isSnapshot());
        assertTrue(!live.isSnapshot());
        Tensor big = Tensor.randn(3, 64, 40);
        Tensor one = Tensor.randn(4, 1, 40);
        float[] before = run(live, big, live.newWorkspace());
        float[] beforeOne = run(live, one, live.newWorkspace());
        DenseStack firstOnly = DenseStack.of(Sequential.of(first, new ReLU())).orElseThrow();
        float[] hiddenBefore = run(firstOnly, big, firstOnly.newWorkspace());
        assertArrayEquals(before, run(snapshot, big, snapshot.newWorkspace()));
        assertArrayEquals(beforeOne, run(snapshot, one, live.newWorkspace())); // workspaces fit either plan

        try (var scope = GradMode.noGrad()) {
            first.weight().mulInPlace(-3f);
            first.bias().addInPlace(Tensor.ones(48));
        }
        assertTrue(!java.util.Arrays.equals(before, run(live, big, live.newWorkspace())), "the live plan moved");
        assertArrayEquals(before, run(snapshot, big, snapshot.newWorkspace()));
        assertArrayEquals(beforeOne, run(snapshot, one, snapshot.newWorkspace()));

        // taken after the training, but sharing the first snapshot: the weights of that time
        assertArrayEquals(hiddenBefore, run(firstOnly.snapshotSharing(snapshot), big, firstOnly.newWorkspace()));
        var e = assertThrows(IllegalArgumentException.class, () -> firstOnly.snapshotSharing(live));
        assertEquals("DenseStack.snapshotSharing: the plan to share with is not a snapshot", e.getMessage());
        var t = assertThrows(IllegalStateException.class,
                () -> snapshot.forwardTraining(new float[40], 1, snapshot.newWorkspace()));
        assertTrue(t.getMessage().contains("cannot train"), t.getMessage());
    }

    @Test
    void passThroughLayersAreSkipped() {
        Random rnd = new Random(4);
        Dropout dropout = new Dropout(0.5f);
        Sequential model = Sequential.of(new Flatten(), new Linear(6, 8, true, rnd), dropout, new ReLU(),
                new Dropout(0f), new Linear(8, 3, true, rnd), new Flatten(-1));
        model.eval();
        DenseStack stack = DenseStack.of(model).orElseThrow();
        assertEquals(2, stack.stages().size());
        assertEquals(Activation.RELU, stack.stages().getFirst().activation()); // fused across the Dropout
        Tensor x = Tensor.randn(rnd, 5, 6);
        assertClose(reference(model, x), run(stack, x, stack.newWorkspace()));

        model.train(); // Dropout(0.5) now changes its input: the plan refuses to run rather than be wrong
        var e = assertThrows(IllegalStateException.class, () -> run(stack, x, stack.newWorkspace()));
        assertTrue(e.getMessage().contains("layer 2 (Dropout)"), e.getMessage());
        assertTrue(DenseStack.of(model).isEmpty(), "a training-mode Dropout before an activation is not planned");
        assertTrue(DenseStack.of(Sequential.of(new Linear(2, 2), new Dropout(0f))).isPresent(), "p = 0 never drops");
    }

    @Test
    void nestedSequentialsAreFlattened() {
        Random rnd = new Random(5);
        Sequential model = Sequential.of(Sequential.of(new Linear(3, 4, true, rnd)), new Sigmoid(),
                Sequential.of(new Linear(4, 2, true, rnd), Sequential.of(new LeakyReLU(0.3f))));
        DenseStack stack = DenseStack.of(model).orElseThrow();
        assertEquals(List.of(Activation.SIGMOID, Activation.LEAKY_RELU),
                stack.stages().stream().map(DenseStack.Stage::activation).toList());
        assertEquals(0.3f, stack.stages().get(1).alpha());
        Tensor x = Tensor.randn(rnd, 9, 3);
        assertClose(reference(model, x), run(stack, x, stack.newWorkspace()));
    }

    @Test
    void anythingElseFallsBack() {
        assertTrue(DenseStack.of(new Sequential()).isEmpty(), "no layers");
        assertTrue(DenseStack.of(Sequential.of(new Flatten())).isEmpty(), "no dense layer");
        assertTrue(DenseStack.of(Sequential.of(new ReLU(), new Linear(2, 2))).isEmpty(), "leading activation");
        assertTrue(DenseStack.of(Sequential.of(new Linear(2, 2), new ReLU(), new Sigmoid())).isEmpty(),
                "two activations in a row");
        assertTrue(DenseStack.of(Sequential.of(new Linear(2, 3), new Softmax(1))).isEmpty(), "softmax");
        assertTrue(DenseStack.of(Sequential.of(new Embedding(5, 2), new Linear(2, 2))).isEmpty(), "embedding");
        assertTrue(DenseStack.of(Sequential.of(new Linear(2, 2), new Flatten(0))).isEmpty(), "flatten of the batch");
    }

    @Test
    void errorsNameTheProblem() {
        var chain = assertThrows(IllegalArgumentException.class,
                () -> DenseStack.of(Sequential.of(new Linear(3, 4), new ReLU(), new Linear(5, 2))));
        assertTrue(chain.getMessage().contains("dense layer 1 expects 5 input features but dense layer 0 produces 4"),
                chain.getMessage());
        DenseStack stack = DenseStack.of(Sequential.of(new Linear(3, 4))).orElseThrow();
        DenseStack other = DenseStack.of(Sequential.of(new Linear(3, 4))).orElseThrow();
        var ws = stack.newWorkspace();
        var shortInput = assertThrows(IllegalArgumentException.class,
                () -> stack.forward(new float[5], 2, ws, new float[8]));
        assertTrue(shortInput.getMessage().contains("input array holds 5 floats but 2 rows of 3 need 6"),
                shortInput.getMessage());
        var shortOutput = assertThrows(IllegalArgumentException.class,
                () -> stack.forward(new float[6], 2, ws, new float[7]));
        assertTrue(shortOutput.getMessage().contains("output array holds 7 floats"), shortOutput.getMessage());
        var foreign = assertThrows(IllegalArgumentException.class,
                () -> stack.forward(new float[6], 2, other.newWorkspace(), new float[8]));
        assertTrue(foreign.getMessage().contains("belongs to another DenseStack"), foreign.getMessage());
    }

    @Test
    void workspacesAreIndependent() {
        DenseStack stack = DenseStack.of(Sequential.of(new Linear(3, 4), new ReLU(), new Linear(4, 2))).orElseThrow();
        assertNotSame(stack.newWorkspace(), stack.newWorkspace());
        List<float[]> outs = new ArrayList<>();
        var ws = stack.newWorkspace();
        for (int i = 0; i < 2; i++) {
            float[] out = new float[4];
            stack.forward(new float[] {1, 2, 3, -1, -2, -3}, 2, ws, out);
            outs.add(out);
        }
        assertArrayEquals(outs.get(0), outs.get(1), "a second run over the same workspace gives the same numbers");
    }

    private static float[] reference(Sequential model, Tensor x) {
        try (var scope = GradMode.noGrad()) {
            return model.forward(x).toArray();
        }
    }

    private static float[] run(DenseStack stack, Tensor x, DenseStack.Workspace ws) {
        int batch = x.size(0);
        float[] out = new float[batch * stack.outFeatures()];
        stack.forward(x.storage(), batch, ws, out);
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], FUSED_TOLERANCE * Math.max(1f, Math.abs(expected[i])), "at " + i);
        }
    }
}
