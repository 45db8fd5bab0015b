package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch {@code Sequential(Linear, BatchNorm1d, ReLU, Linear)} trained for three steps
 * (fixtures/generate_batchnorm_safetensors.py) against Lanes: it loads with its running statistics and int64 batch
 * count and predicts what PyTorch's eval mode does, and Lanes writes it back byte for byte, so a Lanes file of such a
 * model is one PyTorch's {@code load_state_dict} takes.
 */
class BatchNormInteropTest {

    static final String SPEC = "linear(4,6) batchnorm1d(6) relu linear(6,3)";

    @TempDir
    Path dir;

    @Test
    void aPyTorchModelWithBatchNormPredictsWithItsRunningStatistics() throws Exception {
        Path file = dir.resolve("torch_bn_mlp.safetensors");
        Files.write(file, SafeTensorsInteropTest.fixture("torch_bn_mlp.safetensors"));
        Predictor predictor = Predictor.load(file, SPEC);
        assertEquals(3f, predictor.module().stateDict().get("1.num_batches_tracked").item());
        List<String> rows = new String(SafeTensorsInteropTest.fixture("torch_bn_mlp_expected.csv"),
                StandardCharsets.UTF_8).lines().toList();
        for (String row : rows.subList(1, rows.size())) {
            float[] v = new float[7];
            String[] fields = row.split(",");
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(fields[i]);
            }
            assertArrayEquals(Arrays.copyOfRange(v, 4, 7), predictor.predict(Arrays.copyOfRange(v, 0, 4)),
                    SafeTensorsInteropTest.PYTORCH_OUTPUT_TOLERANCE, row);
        }
    }

    @Test
    void lanesWritesThePyTorchFileBackByteForByte() throws Exception {
        Path in = dir.resolve("in.safetensors");
        Path out = dir.resolve("out.safetensors");
        Files.write(in, SafeTensorsInteropTest.fixture("torch_bn_mlp.safetensors"));
        Sequential net = ModelFile.load(in, SPEC).model();
        ModelFile.save(out, net, new ModelMetadata(null, List.of(), List.of(), null, null, null));
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
    }
}
