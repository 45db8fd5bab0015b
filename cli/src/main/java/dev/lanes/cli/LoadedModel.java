package dev.lanes.cli;

import dev.lanes.cli.data.Dataset;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A model file opened for {@code eval} and {@code predict}: the network plus what its outputs mean. */
final class LoadedModel {

    final Path file;
    final Sequential net;
    final ModelMetadata meta;

    private LoadedModel(Path file, ModelFile.Loaded loaded) {
        this.file = file;
        this.net = loaded.model();
        this.meta = loaded.metadata();
    }

    /** Opens {@code file}; {@code spec} gives the architecture of files that carry none. */
    static LoadedModel open(Path file, String spec) throws IOException {
        return new LoadedModel(file, ModelFile.load(file, spec));
    }

    /** A Lanes regression model: it names a target but no classes. */
    boolean isRegression() {
        return meta.target() != null && !meta.isClassifier();
    }

    /**
     * The number of outputs for {@code inputs} features, failing with one line when the data's width does not fit
     * the model or the file's class labels do not match its outputs.
     */
    int outputsFor(int inputs, String dataName) {
        if (meta.mean() != null && meta.mean().length != inputs) {
            throw new UserError(dataName + " has " + inputs + " feature columns but " + file + " expects "
                    + meta.mean().length);
        }
        int outputs = ModelFit.outputs(net, inputs, dataName, "the model in " + file);
        if (meta.isClassifier() && meta.classes().size() != outputs) {
            throw new UserError(file + ": " + meta.classes().size() + " class labels but the model has " + outputs
                    + " outputs");
        }
        return outputs;
    }

    /** Class labels in output order: the file's, or the output indices for files without labels. */
    List<String> classes(int outputs) {
        if (meta.isClassifier()) {
            return meta.classes();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** The features as the model was trained on them (standardized when it was). */
    float[] inputsOf(Dataset d) {
        return TrainCommand.standardized(d, meta).features();
    }
}
