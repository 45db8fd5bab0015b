package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lanes.spi.PluginLoadException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** What one line the command line prints for each kind of input problem, and that a bug gets none. */
class MainOneLineTest {

    @Test
    void fileProblemsKeepTheReasonWhenThereIsOne() {
        assertEquals("m.safetensors: permission denied (cannot create files in /ro)",
                Main.oneLine(new AccessDeniedException("m.safetensors", null, "cannot create files in /ro")));
        assertEquals("m.safetensors: permission denied", Main.oneLine(new AccessDeniedException("m.safetensors")));
        assertEquals("x.csv: no such file", Main.oneLine(new NoSuchFileException("x.csv")));
    }

    @Test
    void aPluginThatCannotLoadIsOneLineAndABugIsNot() {
        assertEquals("could not load the layer plugins: X",
                Main.oneLine(new PluginLoadException("could not load the layer plugins: X")));
        assertNull(Main.oneLine(new IllegalStateException("a bug")));
        assertNull(Main.oneLine(new NullPointerException()));
    }
}
