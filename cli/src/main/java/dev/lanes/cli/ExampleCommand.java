package dev.lanes.cli;

import dev.lanes.examples.AutogradExample;
import dev.lanes.examples.ModuleExample;
import dev.lanes.examples.ParameterListExample;
import dev.lanes.examples.SequentialExample;
import java.io.PrintStream;
import java.util.Map;
import java.util.EnumMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lanes example NAME}: the seed's PyTorch programs, written with Lanes, printing their losses. */
@Command(name = "example", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Run one of the seed's programs written in Lanes and print its losses.")
final class ExampleCommand implements Callable<Integer> {

    /** The example programs by name; each is {@code static void run(PrintStream out, long seed)}. */
    enum Name {
        sequential, module, parameter_list, autograd;

        static Name parse(String s) {
            try {
                return valueOf(s.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UserError("unknown example '" + s
                        + "'; choose one of: sequential, module, parameter-list, autograd");
            }
        }
    }

    @ParentCommand
    LanesCommand lanes;

    @Parameters(paramLabel = "NAME", description = "sequential, module, parameter-list or autograd")
    String name;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private static final Map<Name, Runner> RUNNERS = new EnumMap<>(Map.of(
            Name.sequential, SequentialExample::run,
            Name.module, ModuleExample::run,
            Name.parameter_list, ParameterListExample::run,
            Name.autograd, AutogradExample::run));

    @FunctionalInterface
    interface Runner {
        void run(PrintStream out, long seed);
    }

    @Override
    public Integer call() {
        Name n = Name.parse(name);
        RUNNERS.get(n).run(lanes.out, seed);
        lanes.out.flush();
        return 0;
    }
}
