package dev.lanes.cli.serve;

import dev.lanes.cli.UserError;
import dev.lanes.infer.Standardizer;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model file served through {@link Module#forward} under no-grad, in eval mode. Forward passes only read the
 * parameters, so concurrent calls are safe; the standardization the model was trained with is applied here.
 */
final class ModuleModel implements ServedModel {

    private final Sequential net;
    private final ModelMetadata meta;
    private final Standardizer standardizer;
    /** {@code prefixes.get(i)} runs layers 0..i: the network cut after layer i, for embeddings. */
    private final List<Sequential> prefixes = new ArrayList<>();
    private final int[] widths;
    private final int inputs;
    private final int outputs;

    ModuleModel(ModelFile.Loaded loaded, String source) {
        this.net = loaded.model();
        this.meta = loaded.metadata();
        net.eval();
        this.standardizer = meta.mean() == null ? null : new Standardizer(meta.mean(), meta.std());
        this.inputs = inputWidth(net, meta, source);
        List<Module> layers = net.layers();
        for (int i = 0; i < layers.size(); i++) {
            prefixes.add(new Sequential(layers.subList(0, i + 1).toArray(Module[]::new)));
        }
        float[] zeros = new float[inputs];
        this.widths = new int[layers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = embed(zeros, 1, i).length;
        }
        this.outputs = predict(zeros, 1).length;
    }

    static ModuleModel open(Path file, String spec) throws IOException {
        return new ModuleModel(ModelFile.load(file, spec), file.toString());
    }

    /** The input width the file records (standardization or feature names), else the first layer's weight's. */
    private static int inputWidth(Sequential net, ModelMetadata meta, String source) {
        if (meta.mean() != null) {
            return meta.mean().length;
        }
        if (!meta.features().isEmpty()) {
            return meta.features().size();
        }
        List<Tensor> parameters = net.parameters();
        if (!parameters.isEmpty() && parameters.get(0).dim() == 2) {
            return parameters.get(0).size(1);
        }
        throw new UserError(source + ": cannot tell the model's input width (no feature names in the file and the"
                + " first parameter is not a [out, in] weight)");
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public List<String> layers() {
        return net.layers().stream().map(l -> l.toString().lines().findFirst().orElse("")).toList();
    }

    @Override
    public int embeddingWidth(int layer) {
        return widths[layer];
    }

    @Override
    public long parameterCount() {
        return net.parameters().stream().mapToLong(Tensor::numel).sum();
    }

    @Override
    public ModelMetadata metadata() {
        return meta;
    }

    @Override
    public float[] predict(float[] x, int rows) {
        return run(net, x, rows);
    }

    @Override
    public float[] embed(float[] x, int rows, int layer) {
        return run(prefixes.get(layer), x, rows);
    }

    private float[] run(Module m, float[] x, int rows) {
        float[] in = standardizer == null ? x : standardizer.apply(x);
        try (var scope = GradMode.noGrad()) {
            return m.forward(Tensor.of(in, rows, inputs)).toArray();
        }
    }
}
