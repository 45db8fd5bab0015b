package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.SafeTensors;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatDoesNotLoadPrintsOnlyTheError() throws IOException {
        Path file = dir.resolve("misfit.safetensors");
        SafeTensors.write(file, Map.of("0.weight", Tensor.zeros(2, 2), "0.bias", Tensor.zeros(2)),
                Map.of("lanes.spec", "4-8-3:relu,none"));
        CliRun r = CliRun.failsInOneLine("info", file.toString());
        assertTrue(r.err().contains("do not fit the architecture"), r::toString);
        assertEquals("", r.out(), "nothing printed before the error");
    }

    /**
     * A checkpoint of a 12-layer model: the parameters' and the optimizer state's names (up to
     * {@code optimizer.state.23.exp_avg_sq}) all line up, shapes in one column, and layer 2 comes before layer 10.
     */
    @Test
    void aCheckpointOfManyLayersListsItsTensorsAlignedInLayerOrder() {
        Path checkpoint = dir.resolve("deep.checkpoint.safetensors");
        String deep = "64" + "-8".repeat(11) + "-10:" + "relu,".repeat(11) + "none";
        CliRun trained = CliRun.of("train", "--model", deep, "--epochs", "1", "--checkpoint-every", "1",
                "--checkpoint", checkpoint.toString());
        assertEquals(0, trained.exitCode(), trained::toString);

        CliRun r = CliRun.of("info", checkpoint.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String listing = r.out().substring(r.out().indexOf("tensors:\n"), r.out().indexOf("parameters:"));
        List<String> rows = listing.lines().skip(1).toList();
        assertEquals(24 + 6 + 3 * 24, rows.size(), r::toString); // weights and biases, Adam's groups and its state
        int shapeColumn = rows.get(0).indexOf(" [") + 1;
        for (String row : rows) {
            assertEquals(shapeColumn, row.indexOf(" [") + 1, () -> "misaligned: '" + row + "' in\n" + r.out());
        }
        assertTrue(rows.stream().anyMatch(row -> row.contains("optimizer.state.23.exp_avg_sq ")), r::toString);
        List<String> names = rows.stream().map(String::strip).map(row -> row.substring(0, row.indexOf(' '))).toList();
        assertTrue(names.indexOf("2.weight") < names.indexOf("10.weight"), r::toString);
        assertTrue(names.indexOf("optimizer.state.9.step") < names.indexOf("optimizer.state.10.exp_avg"), r::toString);
    }
}
