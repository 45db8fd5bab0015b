package dev.lanes.cli;

import dev.lanes.cli.serve.ServeCommand;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code lanes} command: holds the output streams its subcommands write to. */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Train, evaluate and run small neural networks in pure Java (SIMD through the Vector API).",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, InfoCommand.class,
            ServeCommand.class, ExampleCommand.class,
            CommandLine.HelpCommand.class})
final class LanesCommand implements Runnable {

    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    LanesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
