package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spec an error message suggests is read off the file's tensors when they are a Linear stack. */
class SpecHintTest {

    private static Map<String, Tensor> stack(int... indexInOut) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int i = 0; i < indexInOut.length; i += 3) {
            params.put(indexInOut[i] + ".weight", Tensor.zeros(indexInOut[i + 2], indexInOut[i + 1]));
            params.put(indexInOut[i] + ".bias", Tensor.zeros(indexInOut[i + 2]));
        }
        return params;
    }

    @Test
    void linearLayersWithOneLayerBetweenGetAnActivationToChoose() {
        assertEquals(Optional.of("4-8-3:relu,none"), SpecHint.derived(stack(0, 4, 8, 2, 8, 3)));
        assertEquals("e.g. --spec '64-32-16-10:relu,none,none' (the tensors do not record activations: relu"
                + " stands for the layer between two that hold tensors)",
                SpecHint.example(stack(0, 64, 32, 2, 32, 16, 3, 16, 10)));
    }

    @Test
    void anythingElseGetsTheNeutralExample() {
        String neutral = "e.g. --spec '784-128-10:relu,none' (the layer widths, then one activation per layer)";
        assertEquals(neutral, SpecHint.example(stack(0, 4, 8, 2, 9, 3))); // widths do not chain
        assertEquals(neutral, SpecHint.example(stack(1, 4, 8))); // something before the first Linear
        assertEquals(neutral, SpecHint.example(stack(0, 4, 8, 3, 8, 3))); // two layers between
        Map<String, Tensor> noBias = stack(0, 4, 8);
        noBias.remove("0.bias");
        assertEquals(neutral, SpecHint.example(noBias));
        assertEquals(neutral, SpecHint.example(Map.of("embed.weight", Tensor.zeros(10, 4))));
        assertEquals(neutral, SpecHint.example(Map.of()));
    }
}
