package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files written by PyTorch's safetensors (fixtures/generate_safetensors.py) against Lanes' reader and writer. */
class SafeTensorsInteropTest {

    /**
     * Lanes against PyTorch on the fixture MLP (outputs of magnitude below 1, sums of 4 and 8 products): only the
     * summation order differs, a few float32 ulps; 1e-5 is about 100 ulps at 0.5.
     */
    static final float PYTORCH_OUTPUT_TOLERANCE = 1e-5f;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = SafeTensorsInteropTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The generator's {@code ramp}: i * 0.37 - 1 in float32, computed here the same way. */
    private static Tensor ramp(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) i * 0.37f - 1f;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void lanesWritesTheSameBytesAsPyTorch() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", ramp());
        tensors.put("2.weight", ramp(1, 3));
        tensors.put("0.weight", ramp(3, 2));
        tensors.put("0.bias", ramp(3));
        byte[] lanes = SafeTensors.encode(tensors, Map.of("lanes.spec", "linear(2, 3) -> relu -> linear(3, 1)"));
        assertArrayEquals(fixture("torch_reference.safetensors"), lanes);
    }

    @Test
    void aPyTorchSequentialLoadsIntoTheSameLanesModelAndGivesItsOutputs() throws IOException {
        Path file = Files.createTempFile("torch_mlp", ".safetensors");
        try {
            Files.write(file, fixture("torch_mlp.safetensors"));
            Sequential net = ModelFile.load(file, "linear(4,8) relu linear(8,3)").model();
            List<String> rows = new String(fixture("torch_mlp_expected.csv"), StandardCharsets.UTF_8).lines().toList();
            for (String row : rows.subList(1, rows.size())) {
                float[] v = parse(row.split(","));
                float[] y = net.forward(Tensor.of(Arrays.copyOfRange(v, 0, 4), 1, 4)).toArray();
                assertArrayEquals(Arrays.copyOfRange(v, 4, 7), y, PYTORCH_OUTPUT_TOLERANCE, row);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aPyTorchModelSavedAgainByLanesIsByteForByteWhatPyTorchWrote() throws IOException {
        Path in = Files.createTempFile("torch_mlp", ".safetensors");
        Path out = in.resolveSibling(in.getFileName() + ".lanes");
        try {
            Files.write(in, fixture("torch_mlp.safetensors"));
            Sequential net = ModelFile.load(in, "4-8-3:relu,none").model();
            ModelMetadata none = new ModelMetadata(null, List.of(), List.of(), null, null, null);
            ModelFile.save(out, net, none);
            assertArrayEquals(fixture("torch_mlp.safetensors"), Files.readAllBytes(out));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private static float[] parse(String[] fields) {
        float[] out = new float[fields.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(fields[i]);
        }
        return out;
    }

    @Test
    void aLanesModelUsesPyTorchStateDictNames() {
        Sequential net = ModelSpec.parse("4-8-3:relu,none", 1);
        byte[] bytes = SafeTensors.encode(net.stateDict(), Map.of());
        SafeTensors.Contents c = SafeTensors.decode(bytes, "lanes");
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new int[] {8, 4}, c.tensor("0.weight").shape());
    }

    @Test
    void readsAPyTorchStateDict() throws IOException {
        SafeTensors.Contents c = SafeTensors.decode(fixture("torch_mlp.safetensors"), "torch_mlp.safetensors");
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new int[] {8, 4}, c.tensor("0.weight").shape()); // PyTorch's [out, in]
        assertArrayEquals(new int[] {3, 8}, c.tensor("2.weight").shape());
        assertEquals(Map.of(), c.metadata());
    }
}
