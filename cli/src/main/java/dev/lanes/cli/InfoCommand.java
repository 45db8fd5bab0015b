package dev.lanes.cli;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lanes info}: what a model file holds — architecture, parameter count, tensors, metadata. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Show a model file's architecture, parameter count, tensors and metadata.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    LanesCommand lanes;

    @Parameters(paramLabel = "MODEL", description = "Model file (safetensors).")
    Path model;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Architecture of a file that carries none (PyTorch).")
    String spec;

    @Override
    public Integer call() throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(model);
        boolean hasSpec = spec != null || contents.metadata().containsKey(ModelMetadata.SPEC);
        // loaded before anything is printed: a file that does not load gets its one error line, not half a report
        Sequential architecture = hasSpec ? ModelFile.load(model, spec).model() : null;

        PrintStream out = lanes.out;
        long parameters = 0;
        out.println("file: " + model);
        out.println("tensors:");
        Map<String, Tensor> tensors = new TreeMap<>(TensorNameOrder.INSTANCE);
        tensors.putAll(contents.tensors());
        // the shapes' column starts after the longest name, so a checkpoint's optimizer.state.0.exp_avg_sq lines up
        int nameWidth = tensors.keySet().stream().mapToInt(String::length).max().orElse(0);
        // buffers (BatchNorm's running statistics) are model state but not parameters; known from the architecture
        java.util.Set<String> buffers = architecture == null ? java.util.Set.of()
                : architecture.namedBuffers().keySet();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            boolean isParameter = !e.getKey().startsWith(ModelFile.EXTRA_PREFIX) && !buffers.contains(e.getKey());
            parameters += isParameter ? e.getValue().numel() : 0;
            out.printf(Locale.ROOT, "  %-" + nameWidth + "s  %s%s%n", e.getKey(),
                    Arrays.toString(e.getValue().shape()),
                    isParameter ? "" : buffers.contains(e.getKey()) ? "  (buffer)" : "  (optimizer state)");
        }
        out.printf(Locale.ROOT, "parameters: %,d%n", parameters);
        if (contents.metadata().isEmpty()) {
            out.println("metadata: none");
        } else {
            out.println("metadata:");
            contents.metadata().forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, shortened(v)));
        }
        if (architecture != null) {
            out.println("architecture:");
            out.println(architecture);
        } else {
            out.println("architecture: not recorded (a file written by PyTorch?); give it with --spec to check it");
        }
        return 0;
    }

    /** Long values (a feature list of 784 pixels) cut to one readable line. */
    private static String shortened(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value
                : value.substring(0, MAX_VALUE_CHARS) + "... (" + value.length() + " characters)";
    }

    private static final int MAX_VALUE_CHARS = 100;
}
