package dev.lanes.cli.serve;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A model file served through the engine's {@link Predictor}: thread-safe, standardization applied by it. */
final class PredictorModel implements ServedModel {

    private final Predictor predictor;
    private final List<String> layers;
    private final int fewestRows;     // rows a request needs: 1 unless a layer normalises by its batch
    private final String batchLayer;  // that layer, for the 400; null when there is none

    PredictorModel(Predictor predictor) {
        this.predictor = predictor;
        this.fewestRows = BatchDependent.minimumBatchRows(predictor.module()); // served modes do not change
        this.batchLayer = BatchDependent.firstRefusing(predictor.module(), fewestRows - 1)
                .map(e -> "layer " + e.getKey() + " (" + e.getValue().typeName() + ")").orElse(null);
        this.layers = predictor.module() instanceof Sequential s
                ? s.layers().stream().map(l -> l.toString().lines().findFirst().orElse("")).toList()
                : List.of();
    }

    static PredictorModel open(Path file, String spec) throws IOException {
        return new PredictorModel(Predictor.load(file, spec));
    }

    @Override
    public int inputs() {
        return predictor.inputWidth();
    }

    @Override
    public int outputs() {
        return predictor.outputWidth();
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    @Override
    public int embeddingWidth(int layer) {
        return predictor.embeddingWidth(layer);
    }

    @Override
    public long parameterCount() {
        Module m = predictor.module();
        return m.parameters().stream().mapToLong(Tensor::numel).sum();
    }

    @Override
    public ModelMetadata metadata() {
        return predictor.metadata();
    }

    @Override
    public float[] predict(float[] x, int rows) {
        requireRows(rows);
        return predictor.predictBatch(x, rows);
    }

    @Override
    public float[] embed(float[] x, int rows, int layer) {
        requireRows(rows);
        return predictor.embedBatch(x, rows, layer);
    }

    /** A model that normalises by its batch (BatchNorm without running statistics) needs rows to normalise: 400. */
    private void requireRows(int rows) { // checked against numbers taken once: no walk over the layers per request
        if (rows < fewestRows) {
            throw HttpError.badRequest(batchLayer + " of this model normalises by its batch (no running statistics)"
                    + " and needs at least " + fewestRows + " rows per request, got " + rows);
        }
    }
}
