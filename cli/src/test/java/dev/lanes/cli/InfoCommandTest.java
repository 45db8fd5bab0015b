package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.SafeTensors;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
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
}
