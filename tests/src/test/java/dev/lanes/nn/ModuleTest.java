package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Dropout;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Module bookkeeping: names, order, modes, gradients, state dicts and the printed tree. */
class ModuleTest {

    /** The seed's BP module: a Sequential held as {@code model}. */
    static final class Bp extends Module {
        final Sequential model;

        Bp(int[] nodes, List<Module> acts) {
            model = registerModule("model", new Sequential());
            for (int i = 0; i < nodes.length - 1; i++) {
                model.append(new Linear(nodes[i], nodes[i + 1], true, new Random(i)));
                model.append(acts.get(i));
            }
        }

        @Override
        public Tensor forward(Tensor input) {
            return model.forward(input);
        }
    }

    private static Bp bp() {
        return new Bp(new int[] {2, 2, 3}, List.of(new ReLU(), new Sigmoid()));
    }

    @Test
    void parameterNamesAreDottedPathsInRegistrationOrder() {
        assertEquals(List.of("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias"),
                List.copyOf(bp().namedParameters().keySet()));
        Sequential seq = Sequential.of(new Linear(3, 10), new Sigmoid(), new Linear(10, 4, false));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(seq.namedParameters().keySet()));
        assertEquals(3, seq.parameters().size());
        assertTrue(seq.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void sharedParameterIsListedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential seq = Sequential.of(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(seq.namedParameters().keySet()));
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Dropout dropout = new Dropout(0.5f);
        Module outer = Sequential.of(Sequential.of(dropout), new ReLU());
        outer.eval();
        assertFalse(dropout.isTraining());
        outer.train();
        assertTrue(dropout.isTraining());
    }

    @Test
    void zeroGradClearsEveryParameterGradient() {
        Bp net = bp();
        net.forward(Tensor.randn(1, 4, 2)).sum().backward();
        assertTrue(net.parameters().stream().anyMatch(p -> p.grad().pow(2f).sum().item() > 0f));
        net.zeroGrad();
        for (Tensor p : net.parameters()) {
            assertEquals(0f, p.grad().pow(2f).sum().item());
        }
    }

    @Test
    void stateDictRoundTripCopiesValues() {
        Bp a = bp();
        Bp b = new Bp(new int[] {2, 2, 3}, List.of(new ReLU(), new Sigmoid()));
        b.model.get(0).parameters().get(0).storage()[0] = 42f;
        Map<String, Tensor> state = a.stateDict();
        assertEquals(List.copyOf(a.namedParameters().keySet()), List.copyOf(state.keySet()));
        b.loadStateDict(state);
        Tensor x = Tensor.randn(2, 5, 2);
        assertTrue(a.forward(x).sub(b.forward(x)).pow(2f).sum().item() == 0f);
        assertSame(a.namedParameters().get("model.0.weight").storage(), state.get("model.0.weight").storage());
    }

    @Test
    void loadStateDictNamesTheOffendingParameter() {
        Bp net = bp();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(net.stateDict());
        state.put("model.2.weight", Tensor.zeros(2, 3));
        var shape = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertTrue(shape.getMessage().contains("'model.2.weight' has shape [3, 2]"), shape.getMessage());
        state.remove("model.2.weight");
        state.put("model.9.bias", Tensor.zeros(3));
        var names = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertTrue(names.getMessage().contains("missing parameters [model.2.weight]"), names.getMessage());
        assertTrue(names.getMessage().contains("unexpected tensors [model.9.bias]"), names.getMessage());
        state.remove("model.9.bias");
        state.put("model.2.weight", null);
        var nullValue = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertTrue(nullValue.getMessage().contains("'model.2.weight' maps to null"), nullValue.getMessage());
    }

    @Test
    void namedModulesAndFreezingAModule() {
        Bp net = bp();
        assertEquals(List.of("", "model", "model.0", "model.1", "model.2", "model.3"),
                List.copyOf(net.namedModules().keySet()).subList(0, 6));
        Module first = net.namedModules().get("model.0");
        assertSame(first.requiresGrad(false), first);
        first.parameters().forEach(p -> assertFalse(p.requiresGrad()));
        net.namedModules().get("model.2").parameters().forEach(p -> assertTrue(p.requiresGrad()));
    }

    /** PyTorch 2.13: clip_grad_norm_ of grads [3, 4] and [[12]] to 5 returns 13 and scales by 5 / (13 + 1e-6). */
    @Test
    void gradientClippingAsPyTorch() {
        Tensor a = Tensor.of(3f, 4f).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {12f}, 1, 1).requiresGrad(true);
        a.mul(a).mul(0.5f).sum().add(b.mul(b).mul(0.5f).sum()).backward(); // grads are the values themselves
        Tensor unused = Tensor.of(1f).requiresGrad(true); // no gradient: skipped
        assertEquals(13f, GradClip.clipGradNorm(List.of(a, b, unused), 5f), 1e-6f);
        assertArrayEquals(new float[] {1.153846025466919f, 1.538461446762085f}, a.grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {4.615384101867676f}, b.grad().toArray(), 1e-6f);
        assertEquals(5f, GradClip.clipGradNorm(List.of(a, b), 10f), 1e-5f); // under the limit: unchanged
        assertArrayEquals(new float[] {1.153846025466919f, 1.538461446762085f}, a.grad().toArray(), 1e-6f);
        GradClip.clipGradValue(List.of(a), 1.2f);
        assertArrayEquals(new float[] {1.153846025466919f, 1.2f}, a.grad().toArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(a), 0f));
    }

    @Test
    void anAnonymousModuleIsNamedInMessagesAndPrinting() {
        Module anonymous = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        anonymous.registerParameter("a", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> anonymous.registerParameter("a", Tensor.zeros(1)));
        assertTrue(e.getMessage().startsWith("ModuleTest$"), e.getMessage());
        assertTrue(anonymous.toString().startsWith("ModuleTest$"), anonymous.toString());
        assertEquals("Bp", bp().typeName());
    }

    @Test
    void toStringIsPyTorchsTree() {
        assertEquals("""
                Bp(
                  (model): Sequential(
                    (0): Linear(in_features=2, out_features=2, bias=True)
                    (1): ReLU()
                    (2): Linear(in_features=2, out_features=3, bias=True)
                    (3): Sigmoid()
                  )
                )""", bp().toString());
    }

    @Test
    void parameterListAndDictNameTheirEntries() {
        ParameterList w = ParameterList.of(Tensor.zeros(2, 2), Tensor.zeros(2, 3));
        ParameterDict b = new ParameterDict().put("b0", Tensor.zeros(1, 2)).put("b1", Tensor.zeros(1, 3));
        Module holder = new Module() {
            {
                registerModule("w", w);
                registerModule("b", b);
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertEquals(List.of("w.0", "w.1", "b.b0", "b.b1"), List.copyOf(holder.namedParameters().keySet()));
        assertTrue(w.get(1).requiresGrad());
        assertEquals("""
                ParameterList(
                  (0): Parameter containing: [float32 of size 2x2]
                  (1): Parameter containing: [float32 of size 2x3]
                )""", w.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> b.get("b2"));
        assertTrue(e.getMessage().contains("[b0, b1]"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> w.forward(Tensor.zeros(1)));
    }

    @Test
    void duplicateOrDottedNamesAreRejected() {
        ParameterDict d = new ParameterDict().put("a", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> d.put("a", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> d.put("a.b", Tensor.zeros(1)));
    }

    @Test
    void sequentialIndexOutOfRangeSaysSo() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Sequential.of(new ReLU()).get(3));
        assertTrue(e.getMessage().contains("index 3 is out of range for 1 layers"), e.getMessage());
    }
}
