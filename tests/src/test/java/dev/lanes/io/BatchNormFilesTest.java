package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with BatchNorm in files: its buffers are saved (the batch count as I64, as PyTorch writes it) and checked
 * on load, and a training checkpoint resumes bit for bit, running statistics included.
 */
class BatchNormFilesTest {

    private static final String SPEC = "linear(4,8) batchnorm1d(8) tanh linear(8,3)";
    private static final ModelMetadata META = new ModelMetadata(SPEC, List.of(), List.of(), null, null, null);

    @TempDir
    Path dir;

    @Test
    void aModelFileCheckpointResumesBitForBit() throws Exception {
        Run straight = trained(3, 11, 12);
        Run first = trained(3, 11);
        Path file = dir.resolve("bn.safetensors");
        ModelFile.save(file, first.net(), META, first.adam());

        ModelFile.Loaded loaded = ModelFile.load(file, null);
        Sequential resumed = loaded.model();
        resumed.train();
        Adam resumedOpt = new Adam(resumed.parameters(), 0.01f);
        resumedOpt.loadStateDict(ModelFile.optimizerState(loaded));
        CheckpointApiTest.train(resumed, resumedOpt, 6, 12);

        assertSameState(straight.net(), resumed);
        assertEquals(12f, resumed.stateDict().get("1.num_batches_tracked").item());
    }

    @Test
    void aStateDictFileCheckpointResumesBitForBit() throws Exception {
        Run straight = trained(5, 21, 22);
        Run first = trained(5, 21);
        Path file = dir.resolve("bn-state.safetensors");
        StateDictFile.save(file, first.net(), first.adam());

        Sequential resumed = ModelSpec.parse(SPEC, 99); // other weights and fresh buffers until resume
        Adam resumedOpt = new Adam(resumed.parameters(), 0.01f);
        StateDictFile.resume(file, resumed, resumedOpt);
        CheckpointApiTest.train(resumed, resumedOpt, 6, 22);
        assertSameState(straight.net(), resumed);
    }

    private record Run(Sequential net, Adam adam) {
    }

    /** The spec's network built from {@code modelSeed}, trained with Adam for 6 steps on each batch seed. */
    private static Run trained(long modelSeed, long... batchSeeds) {
        Sequential net = ModelSpec.parse(SPEC, modelSeed);
        Adam adam = new Adam(net.parameters(), 0.01f);
        for (long seed : batchSeeds) {
            CheckpointApiTest.train(net, adam, 6, seed);
        }
        return new Run(net, adam);
    }

    private static void assertSameState(Module expected, Module actual) {
        assertEquals(expected.stateDict().keySet(), actual.stateDict().keySet());
        expected.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), actual.stateDict().get(name).toArray(), 0f, name));
    }

    @Test
    void theBatchCountIsStoredAsI64AndReadBack() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 1);
        net.forward(Tensor.randn(2, 5, 4));
        net.forward(Tensor.randn(3, 5, 4));
        Path file = dir.resolve("count.safetensors");
        ModelFile.save(file, net, META);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"), header);
        assertTrue(header.contains("\"1.running_var\":{\"dtype\":\"F32\",\"shape\":[8],"), header);
        Sequential loaded = ModelFile.load(file, null).model();
        assertEquals(2f, loaded.stateDict().get("1.num_batches_tracked").item());
        assertArrayEquals(net.stateDict().get("1.running_mean").toArray(),
                loaded.stateDict().get("1.running_mean").toArray(), 0f);
    }

    @Test
    void i64ValuesMustBeWholeAndWithinFloatsExactRange() {
        Map<String, Tensor> half = Map.of("n", Tensor.scalar(2.5f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.encode(half, Set.of("n"), Map.of()));
        assertTrue(e.getMessage().contains("tensor 'n' is stored as I64 but holds 2.5, not a whole number"),
                e.getMessage());

        byte[] ok = SafeTensors.encode(Map.of("n", Tensor.of(new float[] {-3f, 16_777_216f}, 2)), Set.of("n"),
                Map.of());
        assertArrayEquals(new float[] {-3f, 16_777_216f}, SafeTensors.decode(ok, "ok").tensor("n").toArray(), 0f);
        byte[] tooLarge = ok.clone();
        int data = ok.length - 8; // the last value: 2^24, as 8 little-endian bytes
        tooLarge[data] = 1; // 2^24 + 1
        ModelFileException bad = assertThrows(ModelFileException.class, () -> SafeTensors.decode(tooLarge, "big"));
        assertTrue(bad.getMessage().contains("tensor 'n': I64 value 16777217 is beyond 2^24"), bad.getMessage());
    }

    @Test
    void aFileMissingARunningStatisticOrHoldingANonFiniteOneIsRefusedAtLoad() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 1);
        Map<String, Tensor> tensors = new LinkedHashMap<>(net.stateDict());
        tensors.remove("1.running_var");
        Path missing = dir.resolve("missing.safetensors");
        SafeTensors.write(missing, tensors, Map.of());
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(missing, SPEC));
        assertTrue(e.getMessage().contains("buffer '1.running_var' is [8] there but missing from the file"),
                e.getMessage());

        tensors.put("1.running_var", Tensor.full(Float.NaN, 8));
        Path nan = dir.resolve("nan.safetensors");
        SafeTensors.write(nan, tensors, Map.of());
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(nan, SPEC));
        assertTrue(e.getMessage().contains("tensor '1.running_var' holds NaN"), e.getMessage());
    }
}
