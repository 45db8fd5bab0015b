package dev.lanes.cli.train;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelFileException;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: a model file (so {@code eval} and {@code predict} accept it) plus the optimizer's state
 * under {@code optimizer.*} and the settings and epoch count that {@code train --resume} continues from.
 */
public final class Checkpoint {

    static final String PREFIX = "lanes.train.";
    public static final String EPOCH = PREFIX + "epoch";
    public static final String OPTIMIZER = PREFIX + "optimizer";
    public static final String LOSS = PREFIX + "loss";
    public static final String BATCH_SIZE = PREFIX + "batch_size";
    public static final String SEED = PREFIX + "seed";
    public static final String VALIDATION_SPLIT = PREFIX + "validation_split";
    public static final String LR = PREFIX + "lr";

    private Checkpoint() {
    }

    /** The settings a run was started with; {@code lr} may be null (the optimizer's default). */
    public record Settings(String optimizer, Float lr, String loss, int batchSize, long seed, double validationSplit) {

        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(OPTIMIZER, optimizer);
            if (lr != null) {
                m.put(LR, Float.toString(lr));
            }
            m.put(LOSS, loss);
            m.put(BATCH_SIZE, Integer.toString(batchSize));
            m.put(SEED, Long.toString(seed));
            m.put(VALIDATION_SPLIT, Double.toString(validationSplit));
            return m;
        }

        static Settings fromMap(Map<String, String> m, String source) {
            try {
                return new Settings(required(m, OPTIMIZER, source), m.containsKey(LR) ? Float.valueOf(m.get(LR)) : null,
                        required(m, LOSS, source), Integer.parseInt(required(m, BATCH_SIZE, source)),
                        Long.parseLong(required(m, SEED, source)),
                        Double.parseDouble(required(m, VALIDATION_SPLIT, source)));
            } catch (NumberFormatException e) {
                throw new ModelFileException(source + ": malformed training setting in the checkpoint: "
                        + e.getMessage());
            }
        }
    }

    /** A checkpoint read back: the model, its metadata, the settings, the epochs done and the optimizer state. */
    public record Loaded(ModelFile.Loaded model, Settings settings, int epoch, Map<String, float[]> optimizerState) {
    }

    public static void save(Path file, Sequential model, ModelMetadata metadata, Settings settings, int epoch,
            Optimizer optimizer) throws IOException {
        Map<String, Tensor> extra = new LinkedHashMap<>();
        optimizer.stateDict().forEach((name, values) ->
                extra.put(ModelFile.EXTRA_PREFIX + name, Tensor.of(values, values.length)));
        Map<String, String> meta = settings.toMap();
        meta.put(EPOCH, Integer.toString(epoch));
        ModelFile.save(file, model, metadata, extra, meta);
    }

    public static Loaded load(Path file) throws IOException {
        ModelFile.Loaded model = ModelFile.load(file, null);
        SafeTensors.Contents c = model.contents();
        String source = file.toString();
        if (!c.metadata().containsKey(EPOCH)) {
            throw new ModelFileException(source + ": not a training checkpoint (no " + EPOCH
                    + " metadata); checkpoints are written by train --checkpoint-every");
        }
        int epoch;
        try {
            epoch = Integer.parseInt(c.metadata().get(EPOCH));
        } catch (NumberFormatException e) {
            throw new ModelFileException(source + ": malformed " + EPOCH + " '" + c.metadata().get(EPOCH) + "'");
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        c.tensors().forEach((name, t) -> {
            if (name.startsWith(ModelFile.EXTRA_PREFIX)) {
                state.put(name.substring(ModelFile.EXTRA_PREFIX.length()), t.toArray());
            }
        });
        return new Loaded(model, Settings.fromMap(c.metadata(), source), epoch, state);
    }

    private static String required(Map<String, String> m, String key, String source) {
        String v = m.get(key);
        if (v == null) {
            throw new ModelFileException(source + ": checkpoint metadata lacks " + key);
        }
        return v;
    }
}
