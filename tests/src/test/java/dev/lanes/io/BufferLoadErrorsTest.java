package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load errors call a BatchNorm's running statistics buffers, not parameters, whichever way the state arrives
 * ({@code loadStateDict}, {@link StateDictFile}, {@link ModelFile}), in one line naming the file and the entry.
 */
class BufferLoadErrorsTest {

    private static final String SPEC = "linear(4,8) batchnorm1d(8) tanh linear(8,3)";

    @TempDir
    Path dir;

    private static Map<String, Tensor> stateWithout(String... names) {
        Map<String, Tensor> state = new LinkedHashMap<>(ModelSpec.parse(SPEC, 1).stateDict());
        for (String name : names) {
            state.remove(name);
        }
        return state;
    }

    private static void oneLine(String message) {
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void loadStateDictCallsMissingMisshapenAndNullBuffersBuffers() {
        Sequential net = ModelSpec.parse(SPEC, 2);
        var missing = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(
                stateWithout("1.running_mean", "1.running_var", "1.num_batches_tracked")));
        assertEquals("loadStateDict: the state does not fit Sequential: missing buffers [1.running_mean,"
                + " 1.running_var, 1.num_batches_tracked]", missing.getMessage());

        Map<String, Tensor> misshapen = stateWithout();
        misshapen.put("1.running_var", Tensor.ones(7));
        var shape = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(misshapen));
        assertEquals("loadStateDict: buffer '1.running_var' has shape [8] but the state holds shape [7]",
                shape.getMessage());

        Map<String, Tensor> withNull = stateWithout();
        withNull.put("1.num_batches_tracked", null);
        var nul = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(withNull));
        assertEquals("loadStateDict: buffer '1.num_batches_tracked' maps to null in the state", nul.getMessage());
    }

    @Test
    void anEntryTheModuleDoesNotHaveIsAnUnexpectedTensorNotAParameter() {
        Sequential net = ModelSpec.parse("linear(4,8) batchnorm1d(8, track_running_stats=false)", 2);
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(
                ModelSpec.parse("linear(4,8) batchnorm1d(8)", 2).stateDict()));
        assertEquals("loadStateDict: the state does not fit Sequential: unexpected tensors [1.running_mean,"
                + " 1.running_var, 1.num_batches_tracked] (Sequential has no parameter or buffer of that name)",
                e.getMessage());
    }

    @Test
    void aStateDictFileLackingABufferNamesTheFileAndTheBuffer() throws Exception {
        Path file = dir.resolve("no-var.safetensors");
        SafeTensors.write(file, stateWithout("1.running_var"), Map.of());
        var e = assertThrows(ModelFileException.class, () -> StateDictFile.load(file, ModelSpec.parse(SPEC, 3)));
        assertEquals(file + ": its tensors do not fit Sequential: loadStateDict: the state does not fit Sequential:"
                + " missing buffers [1.running_var]", e.getMessage());
        oneLine(e.getMessage());
    }

    @Test
    void aModelFileLackingOrMisshapingABufferNamesTheFileAndTheBuffer() throws Exception {
        Path missing = dir.resolve("no-count.safetensors");
        SafeTensors.write(missing, stateWithout("1.num_batches_tracked"), Map.of());
        var e = assertThrows(ModelFileException.class, () -> ModelFile.load(missing, SPEC));
        assertEquals(missing + ": its tensors do not fit the architecture '" + SPEC + "': buffer"
                + " '1.num_batches_tracked' is [] there but missing from the file", e.getMessage());
        oneLine(e.getMessage());

        Map<String, Tensor> state = stateWithout();
        state.put("1.running_mean", Tensor.zeros(7));
        Path misshapen = dir.resolve("short-mean.safetensors");
        SafeTensors.write(misshapen, state, Map.of());
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(misshapen, SPEC));
        assertTrue(e.getMessage().startsWith(misshapen + ": its tensors do not fit the architecture '" + SPEC
                + "': buffer '1.running_mean' is [8] there but [7] in the file"), e.getMessage());
        oneLine(e.getMessage());

        Map<String, Tensor> noWeight = stateWithout("1.weight");
        Path parameter = dir.resolve("no-weight.safetensors");
        SafeTensors.write(parameter, noWeight, Map.of());
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(parameter, SPEC));
        assertTrue(e.getMessage().contains(": parameter '1.weight' is [8] there but missing from the file"),
                e.getMessage());
        assertFalse(e.getMessage().contains("buffer"), e.getMessage());
    }
}
