package dev.lanes.cli;

import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.Dataset;
import dev.lanes.cli.data.ModelColumns;
import dev.lanes.infer.Argmax;
import dev.lanes.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lanes predict}: one CSV row per input, the predicted class (or value) first, then the raw outputs. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = "Predict with a model: one CSV row per input row, the predicted class (or value) first, then"
                + " the model's outputs. The data may include the target column; it is ignored.")
final class PredictCommand implements Callable<Integer> {

    /** {@code --out -}: standard output, as {@code --data -} is standard input. */
    private static final String STDOUT = "-";

    @ParentCommand
    LanesCommand lanes;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (safetensors).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV with a header (the model's features picked by name), or IDX images (.gz ok); -"
                    + " reads CSV from standard input.")
    String data;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the predictions here, atomically; - or no --out: standard output.")
    Path out;

    @Option(names = "--spec", paramLabel = "SPEC",
            description = "Architecture of a file that carries none, e.g. one written by PyTorch: '4-8-3:relu,none'.")
    String spec;

    @Override
    public Integer call() throws IOException {
        boolean toFile = out != null && !out.toString().equals(STDOUT);
        if (toFile) { // before any work: the predictions must not overwrite an input
            OutputFiles.requireWritable(out);
            OutputFiles.requireDistinct("--out", out, "--model", model);
            if (!data.equals(DataFiles.STDIN)) {
                OutputFiles.requireDistinct("--out", out, "--data", Path.of(data));
            }
        }
        LoadedModel m = LoadedModel.open(model, spec);
        Dataset d = DataFiles.isIdx(data) ? DataFiles.loadImages(data)
                : ModelColumns.of(model.toString(), m.meta).inputs(DataFiles.readTable(data));
        int outputs = m.outputsFor(d.cols(), d.source());
        float[][] y = m.outputs(d);
        boolean classify = !m.isRegression() && (m.meta.isClassifier() || outputs > 1);
        List<String> classes = m.classes(outputs);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream csv = toFile ? new PrintStream(buffer, false, StandardCharsets.UTF_8) : lanes.out;
        StringBuilder header = new StringBuilder(m.meta.target() != null ? m.meta.target() : "prediction");
        for (int j = 0; j < outputs; j++) {
            header.append(',').append(classify ? "output_" + classes.get(j) : "output" + j);
        }
        csv.println(header);
        for (float[] row : y) {
            StringBuilder line = new StringBuilder(classify ? classes.get(Argmax.of(row))
                    : Float.toString(row[0]));
            for (float v : row) {
                line.append(',').append(v);
            }
            csv.println(line);
        }
        csv.flush();
        if (toFile) {
            AtomicFiles.write(out, buffer.toByteArray());
            lanes.err.println("wrote " + Plural.count(d.rows(), "prediction") + " to " + out);
        }
        return 0;
    }
}
