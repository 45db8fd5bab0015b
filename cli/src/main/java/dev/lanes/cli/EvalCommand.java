package dev.lanes.cli;

import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.Dataset;
import dev.lanes.cli.data.ModelColumns;
import dev.lanes.cli.train.Metrics;
import dev.lanes.infer.Argmax;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lanes eval}: accuracy, per-class precision and recall and the confusion matrix of a model on data. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = "Evaluate a model on labelled data: accuracy, per-class precision and recall, confusion matrix"
                + " (or MSE, MAE and R2 for a regression model).")
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    LanesCommand lanes;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (safetensors).")
    Path model;

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with a header (the model's features picked by name) or IDX images (default: bundled"
                    + " digits).")
    String data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX label file for --data images (default: the images' name with labels-idx1).")
    String labels;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "Target column of CSV data (default: the one the model was trained on, else the last).")
    String target;

    @Option(names = "--regression",
            description = "The model predicts a value (only for files without Lanes metadata, with CSV data).")
    boolean regressionFlag;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Architecture of a file that carries none (PyTorch).")
    String spec;

    @Override
    public Integer call() throws IOException {
        LoadedModel m = LoadedModel.open(model, spec);
        if (regressionFlag && m.meta.isClassifier()) {
            throw new UserError("--regression does not apply: " + model + " is a classifier (classes "
                    + String.join(", ", m.meta.classes()) + "); leave the option out");
        }
        if (m.isRegression() && data != null && DataFiles.isIdx(data)) {
            throw new UserError(model + " is a regression model, but " + data + " is IDX images, whose labels are"
                    + " classes");
        }
        boolean regression = m.isRegression() || regressionFlag;
        Dataset d = DataFiles.load(data, labels, target, regression, ModelColumns.of(model.toString(), m.meta));
        int outputCount = m.outputsFor(d.cols(), d.source());
        float[][] outputs = m.outputs(d);
        PrintStream out = lanes.out;
        if (regression) {
            printHeader(out, m, d);
            regression(out, d, outputs);
            return 0;
        }
        List<String> classes = m.classes(outputCount);
        int[] modelClassOfDataClass = modelClasses(d, classes);
        Metrics metrics = new Metrics(classes);
        for (int r = 0; r < d.rows(); r++) {
            metrics.add(modelClassOfDataClass[d.labels()[r]], Argmax.of(outputs[r]));
        }
        printHeader(out, m, d);
        out.printf(Locale.ROOT, "accuracy %.2f%% (%d/%d)%n%n", 100 * metrics.accuracy(), metrics.correct(),
                metrics.total());
        metrics.print(out);
        return 0;
    }

    private void printHeader(PrintStream out, LoadedModel m, Dataset d) {
        out.printf(Locale.ROOT, "model %s (%s) on %s: %s%n", model, m.meta.spec(), d.source(),
                Plural.count(d.rows(), "row"));
    }

    /** The model's class index of each of the data's classes; a label the model does not know is an error. */
    private static int[] modelClasses(Dataset d, List<String> classes) {
        int[] modelClassOfDataClass = new int[d.classes().size()];
        for (int c = 0; c < modelClassOfDataClass.length; c++) {
            modelClassOfDataClass[c] = classes.indexOf(d.classes().get(c));
            if (modelClassOfDataClass[c] < 0) {
                throw new UserError(d.source() + ": label '" + d.classes().get(c)
                        + "' is not one of the model's classes " + classes);
            }
        }
        return modelClassOfDataClass;
    }

    private static void regression(PrintStream out, Dataset d, float[][] outputs) {
        double se = 0;
        double ae = 0;
        double mean = 0;
        for (float v : d.values()) {
            mean += v / d.rows();
        }
        double ss = 0;
        for (int r = 0; r < d.rows(); r++) {
            double err = outputs[r][0] - d.values()[r];
            se += err * err;
            ae += Math.abs(err);
            ss += (d.values()[r] - mean) * (d.values()[r] - mean);
        }
        out.printf(Locale.ROOT, "MSE %.6g  MAE %.6g  R2 %.4f%n", se / d.rows(), ae / d.rows(),
                ss == 0 ? Double.NaN : 1 - se / ss);
    }
}
