package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopLevelCommandTest {

    @Test
    void versionNamesLanesJavaKernelsAndThreads() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Lanes "), r::toString);
        assertTrue(r.out().contains("Java " + Runtime.version()), r::toString);
        assertTrue(r.out().contains("Kernels: "), r::toString);
        assertTrue(r.out().contains("Threads: "), r::toString);
    }

    @Test
    void unknownOptionGetsUsageAndExitCode2() {
        CliRun r = CliRun.of("--bogus");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r::toString);
        assertTrue(r.err().contains("Usage: lanes"), r::toString);
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.of();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Missing command"), r::toString);
    }

    @Test
    void helpWorksOnEveryCommand() {
        for (String command : new picocli.CommandLine(new LanesCommand(System.out, System.err)).getSubcommands()
                .keySet()) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(0, r.exitCode(), command + ": " + r);
            assertTrue(r.out().contains("Usage: lanes " + command), command + ": " + r);
        }
    }

    @Test
    void everySeedExampleRuns() {
        for (String name : new String[] {"sequential", "module", "parameter-list", "autograd"}) {
            CliRun r = CliRun.of("example", name);
            assertEquals(0, r.exitCode(), name + ": " + r);
            assertTrue(r.out().lines().count() > 3, name + ": " + r); // the model and its losses, as the seed prints
        }
    }

    @Test
    void unknownExampleIsOneLineAndExitCode2() {
        CliRun r = CliRun.of("example", "nope");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.oneErrorLine(), r::toString);
        assertTrue(r.err().contains("unknown example 'nope'"), r::toString);
    }
}
