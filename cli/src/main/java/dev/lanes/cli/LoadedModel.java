package dev.lanes.cli;

import dev.lanes.cli.data.Dataset;
import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.BatchDependent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model file opened for {@code eval} and {@code predict}: the engine's {@link Predictor} (which checks the file,
 * standardizes inputs and runs the fused path) plus what its outputs mean.
 */
final class LoadedModel {

    /** Rows per {@link Predictor#predictBatch} call, so that scratch memory stays bounded on large data. */
    private static final int CHUNK_ROWS = 1024;

    final Path file;
    final Predictor predictor;
    final ModelMetadata meta;

    private LoadedModel(Path file, Predictor predictor) {
        this.file = file;
        this.predictor = predictor;
        this.meta = predictor.metadata();
    }

    /** Opens {@code file}; {@code spec} gives the architecture of files that carry none. */
    static LoadedModel open(Path file, String spec) throws IOException {
        return new LoadedModel(file, Predictor.load(file, spec));
    }

    /** A Lanes regression model: it names a target but no classes. */
    boolean isRegression() {
        return meta.target() != null && !meta.isClassifier();
    }

    /** The number of outputs, failing with one line when the data's width does not fit the model. */
    int outputsFor(int inputs, String dataName) {
        if (inputs != predictor.inputWidth()) {
            throw new UserError(dataName + " has " + inputs + " feature columns but " + file + " expects "
                    + predictor.inputWidth());
        }
        return predictor.outputWidth();
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

    /** The model's outputs for every row of {@code d} (raw features: the predictor standardizes them). */
    float[][] outputs(Dataset d) {
        int cols = d.cols();
        int width = predictor.outputWidth();
        float[][] rows = new float[d.rows()][];
        BatchDependent.firstRefusing(predictor.module(), d.rows()).ifPresent(e -> {
            throw new UserError(file + ": layer " + e.getKey() + " (" + e.getValue().typeName() + ") normalises by"
                    + " its batch (no running statistics) and needs at least "
                    + ((BatchDependent) e.getValue()).minimumBatchRows() + " rows at once, but " + d.source() + " has "
                    + Plural.count(d.rows(), "row"));
        });
        int fewest = BatchDependent.minimumBatchRows(predictor.module());
        for (int from = 0, n; from < d.rows(); from += n) {
            n = RowChunks.end(from, d.rows(), CHUNK_ROWS, fewest) - from;
            float[] y = predictor.predictBatch(Arrays.copyOfRange(d.features(), from * cols, (from + n) * cols), n);
            for (int r = 0; r < n; r++) {
                rows[from + r] = Arrays.copyOfRange(y, r * width, (r + 1) * width);
            }
        }
        return rows;
    }
}
