package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Dropout;
import dev.lanes.layers.Linear;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Init;
import dev.lanes.nn.Module;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written Module (no spec) saves and loads its parameters, and resumes training bit for bit. */
class StateDictFileTest {

    /** Two Linear layers with ReLU and Dropout between them, as a user writes a Module subclass. */
    static final class TwoLayer extends Module {
        private final Linear first;
        private final Dropout dropout;
        private final Linear second;

        TwoLayer() {
            first = registerModule("first", new Linear(4, 8));
            dropout = registerModule("dropout", new Dropout(0.3f));
            second = registerModule("second", new Linear(8, 3));
        }

        @Override
        public Tensor forward(Tensor input) {
            return second.call(dropout.call(first.call(input).relu()));
        }
    }

    @TempDir
    Path dir;

    private static TwoLayer built(long seed) {
        Init.manualSeed(seed);
        return new TwoLayer();
    }

    private static void assertSameParameters(Module expected, Module actual) {
        assertEquals(expected.stateDict().keySet(), actual.stateDict().keySet());
        expected.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), actual.stateDict().get(name).toArray(), 0f, name));
    }

    @Test
    void parametersRoundTripUnderTheirStateDictNames() throws Exception {
        TwoLayer saved = built(1);
        Path file = dir.resolve("two.safetensors");
        StateDictFile.save(file, saved);
        assertEquals(Map.of(), SafeTensors.read(file).metadata());
        assertEquals(saved.stateDict().keySet(), SafeTensors.read(file).tensors().keySet());

        TwoLayer loaded = built(2);
        StateDictFile.load(file, loaded);
        assertSameParameters(saved, loaded);
    }

    @Test
    void resumingACheckpointGivesTheUninterruptedRun() throws Exception {
        TwoLayer straight = built(3);
        Adam straightOpt = new Adam(straight.parameters(), 0.01f);
        CheckpointApiTest.train(straight, straightOpt, 6, 11);
        CheckpointApiTest.train(straight, straightOpt, 6, 12);

        TwoLayer first = built(3);
        Adam firstOpt = new Adam(first.parameters(), 0.01f);
        CheckpointApiTest.train(first, firstOpt, 6, 11);
        Path file = dir.resolve("ckpt.safetensors");
        StateDictFile.save(file, first, firstOpt);

        TwoLayer resumed = built(4); // other weights and another default generator, as in a fresh JVM
        Adam resumedOpt = new Adam(resumed.parameters(), 0.01f);
        StateDictFile.resume(file, resumed, resumedOpt);
        CheckpointApiTest.train(resumed, resumedOpt, 6, 12);
        assertSameParameters(straight, resumed);
    }

    @Test
    void filesThatDoNotFitAreRefusedNamingTheFile() throws Exception {
        TwoLayer net = built(5);
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, Map.of("first.weight", Tensor.zeros(8, 4)), Map.of());
        ModelFileException e = assertThrows(ModelFileException.class, () -> StateDictFile.load(other, net));
        assertTrue(e.getMessage().startsWith(other + ": its tensors do not fit TwoLayer: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing parameters [first.bias, second.weight, second.bias]"),
                e.getMessage());

        Path nan = dir.resolve("nan.safetensors");
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(net.stateDict());
        float[] bad = state.get("second.bias").toArray();
        bad[1] = Float.NaN;
        state.put("second.bias", Tensor.of(bad, 3));
        SafeTensors.write(nan, state, Map.of());
        e = assertThrows(ModelFileException.class, () -> StateDictFile.load(nan, net));
        assertTrue(e.getMessage().contains("tensor 'second.bias' holds NaN"), e.getMessage());

        Path plain = dir.resolve("plain.safetensors");
        StateDictFile.save(plain, net);
        e = assertThrows(ModelFileException.class,
                () -> StateDictFile.resume(plain, net, new Adam(net.parameters(), 0.01f)));
        assertTrue(e.getMessage().startsWith(plain + ": not a training checkpoint"), e.getMessage());

        Path sgd = dir.resolve("sgd.safetensors");
        SGD momentum = new SGD(net.parameters(), 0.1f, 0.9f, 0f, 0f, false);
        CheckpointApiTest.train(net, momentum, 1, 1);
        StateDictFile.save(sgd, net, momentum);
        e = assertThrows(ModelFileException.class,
                () -> StateDictFile.resume(sgd, net, new Adam(net.parameters(), 0.01f)));
        assertTrue(e.getMessage().startsWith(sgd + ": its optimizer state does not fit adam: "), e.getMessage());
    }
}
