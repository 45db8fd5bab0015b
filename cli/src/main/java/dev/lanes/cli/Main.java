package dev.lanes.cli;

import dev.lanes.cli.data.DataException;
import dev.lanes.io.ModelFileException;
import dev.lanes.spi.PluginLoadException;
import dev.lanes.spi.ProviderRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code lanes} program. Usage errors get picocli's message and usage with exit code 2; bad
 * input (data, model files, option values that do not fit, a plugin jar that cannot be loaded) gets one line on
 * standard error and exit code 2; so does running out of heap, with how to give the JVM more; anything else is a
 * bug and gets a stack trace and exit code 1.
 */
public final class Main {

    /** Exit code for bad input or usage, as picocli uses for usage errors. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for an internal error (a bug). */
    public static final int EXIT_INTERNAL = 1;

    /** Held so the level set in {@link #main} is not lost when the logger is garbage-collected. */
    private static final java.util.logging.Logger KERNEL_LOG = java.util.logging.Logger.getLogger("dev.lanes.kernel");

    private Main() {
    }

    public static void main(String[] args) {
        // Log records (e.g. the kernel choice) as one "lanes: LEVEL: message" line, not java.util.logging's two.
        System.setProperty("java.util.logging.SimpleFormatter.format", "lanes: %4$s: %5$s%6$s%n");
        // Which kernel is active is --version's business; only a fallback to scalar is worth a line on every run.
        KERNEL_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this in-process). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new LanesCommand(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine, parseResult, err));
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) { // an Error, so picocli lets it through: a resource limit, not a bug
            err.println(commandName(cl) + ": " + outOfMemory(e));
            code = EXIT_BAD_INPUT;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The qualified name of the (sub)command that ran, e.g. {@code lanes train}. */
    private static String commandName(CommandLine cl) {
        ParseResult parsed = cl.getParseResult();
        if (parsed == null) {
            return cl.getCommandSpec().qualifiedName();
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().qualifiedName();
    }

    /** One line for running out of heap: what the limit was, and how to raise it through the launcher. */
    static String outOfMemory(OutOfMemoryError e) {
        return "out of memory (" + (e.getMessage() != null ? e.getMessage() + ", " : "") + "the heap limit is "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB); give the JVM more heap, e.g. "
                + "LANES_JAVA_OPTS=-Xmx8g";
    }

    private static int report(Exception e, CommandLine commandLine, ParseResult parseResult, PrintStream err) {
        String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";
        String line = oneLine(e);
        if (line == null) {
            err.println(prefix + "internal error (please report it):");
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        }
        err.println(prefix + line);
        return EXIT_BAD_INPUT;
    }

    /** The one-line message for an input problem, or null when {@code e} is a bug. */
    /** Where the lanes launcher takes plugin jars from (see the {@code lanes} script). */
    static final String PLUGIN_JARS = "Plugin jars go on LANES_CLASSPATH (':'-separated) for ./lanes.";

    static String oneLine(Throwable e) {
        if (e instanceof UserError || e instanceof DataException || e instanceof ModelFileException
                || e instanceof IllegalArgumentException || e instanceof PluginLoadException) {
            // One line: a spec error's pointer lines (the spec and a caret) are left out.
            String line = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            return line.contains(ProviderRegistry.MISSING_JAR) ? line + " " + PLUGIN_JARS : line;
        }
        if (e instanceof NoSuchFileException f) { // the reason says when the missing path is a directory
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file");
        }
        if (e instanceof AccessDeniedException f) { // the reason, when given, says which directory refuses
            return f.getFile() + ": permission denied" + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        if (e instanceof IOException io) {
            return "I/O error: " + io.getMessage();
        }
        return null;
    }
}
