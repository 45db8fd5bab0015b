package dev.lanes.cli.serve;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelMetadata;
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

    PredictorModel(Predictor predictor) {
        this.predictor = predictor;
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
        return predictor.predictBatch(x, rows);
    }

    @Override
    public float[] embed(float[] x, int rows, int layer) {
        return predictor.embedBatch(x, rows, layer);
    }
}
