package dev.lanes.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the {@code lanes} command line: exit code and everything it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args}, asserting exit code 2 and exactly one line on standard error. */
    static CliRun failsInOneLine(String... args) {
        CliRun r = of(args);
        org.junit.jupiter.api.Assertions.assertEquals(2, r.exitCode(), r::toString);
        org.junit.jupiter.api.Assertions.assertTrue(r.oneErrorLine(), r::toString);
        return r;
    }

    /** The error output is exactly one line (no stack trace). */
    boolean oneErrorLine() {
        return err.strip().lines().count() == 1 && !err.contains("\tat ");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
