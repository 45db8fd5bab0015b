package dev.lanes.cli.train;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelFileException;
import dev.lanes.io.ModelMetadata;
import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A training checkpoint: a model file (so {@code eval} and {@code predict} accept it) plus the optimizer's state
 * under {@code optimizer.*}, the random generators' states, and the settings and epoch count that
 * {@code train --resume} continues from.
 */
public final class Checkpoint {

    static final String PREFIX = "lanes.train.";
    public static final String EPOCH = PREFIX + "epoch";
    public static final String OPTIMIZER = PREFIX + "optimizer";
    public static final String LOSS = PREFIX + "loss";
    public static final String BATCH_SIZE = PREFIX + "batch_size";
    public static final String SEED = PREFIX + "seed";
    public static final String VALIDATION_SPLIT = PREFIX + "validation_split";
    /** Older checkpoints only: the learning rate, now in the optimizer spec. */
    public static final String LR = PREFIX + "lr";

    private Checkpoint() {
    }

    /**
     * The settings a run was started with: {@code optimizer} a canonical optimizer spec with its learning rate
     * ({@code sgd(lr=0.01,momentum=0.9)}; older checkpoints hold a name and, unless the default, {@code lanes.train.lr},
     * read back as the same spec), {@code loss} a loss spec with its options ({@code crossentropy(label_smoothing=0.1)};
     * a plain name in older checkpoints).
     */
    public record Settings(String optimizer, String loss, int batchSize, long seed, double validationSplit) {

        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(OPTIMIZER, optimizer);
            m.put(LOSS, loss);
            m.put(BATCH_SIZE, Integer.toString(batchSize));
            m.put(SEED, Long.toString(seed));
            m.put(VALIDATION_SPLIT, Double.toString(validationSplit));
            return m;
        }

        /**
         * The first setting out of range as one sentence, or null when all are fine; {@code name} says how the
         * caller calls a setting, given its metadata key ({@link #optionOf} for the command line's options).
         */
        public String problem(UnaryOperator<String> name) {
            if (batchSize < 1) {
                return name.apply(BATCH_SIZE) + " must be at least 1, got " + batchSize;
            }
            if (!(validationSplit > 0 && validationSplit < 1)) {
                return name.apply(VALIDATION_SPLIT) + " must be between 0 and 1 (exclusive), got " + validationSplit;
            }
            return null;
        }

        static Settings fromMap(Map<String, String> m, String source) {
            // built, not only parsed: a bad recorded value blames the file, not --optimizer or --loss
            Function<String, ModelFileException> failure = problem -> bad(source, problem);
            String optimizer = OptimizerOption.recorded(OPTIMIZER, required(m, OPTIMIZER, source), LR,
                    m.containsKey(LR) ? number(m, LR, source, Float::valueOf) : null, failure).toString();
            Settings s = new Settings(optimizer, required(m, LOSS, source), number(m, BATCH_SIZE, source,
                    Integer::valueOf), number(m, SEED, source, Long::valueOf), number(m, VALIDATION_SPLIT, source,
                    Double::valueOf));
            String problem = s.problem(key -> key);
            if (problem != null) {
                throw bad(source, problem);
            }
            LossOption.of(LOSS, s.loss(), failure);
            return s;
        }
    }

    /** The command-line option that sets the setting stored under {@code key}: {@code --batch-size} for batch_size. */
    public static String optionOf(String key) {
        return "--" + key.substring(PREFIX.length()).replace('_', '-');
    }

    /** A checkpoint read back: the model, its metadata, the settings, the epochs done and the optimizer state. */
    public record Loaded(ModelFile.Loaded model, Settings settings, int epoch, Map<String, float[]> optimizerState) {
    }

    public static void save(Path file, Sequential model, ModelMetadata metadata, Settings settings, int epoch,
            Optimizer optimizer) throws IOException {
        Map<String, String> meta = settings.toMap();
        meta.put(EPOCH, Integer.toString(epoch));
        meta.putAll(ModelFile.randomState(model)); // dropout masks continue on resume as without the stop
        ModelFile.save(file, model, metadata, ModelFile.optimizerTensors(optimizer), meta);
    }

    public static Loaded load(Path file) throws IOException {
        ModelFile.Loaded model = ModelFile.load(file, null);
        SafeTensors.Contents c = model.contents();
        String source = file.toString();
        if (!c.metadata().containsKey(EPOCH)) {
            throw new ModelFileException(source + ": not a training checkpoint (no " + EPOCH
                    + " metadata); checkpoints are written by train --checkpoint-every");
        }
        int epoch = number(c.metadata(), EPOCH, source, Integer::valueOf);
        if (epoch < 1) {
            throw bad(source, EPOCH + " must be at least 1, got " + epoch); // written after an epoch, never before
        }
        return new Loaded(model, Settings.fromMap(c.metadata(), source), epoch, ModelFile.optimizerState(model));
    }

    private static String required(Map<String, String> m, String key, String source) {
        String v = m.get(key);
        if (v == null) {
            throw bad(source, "its metadata lacks " + key);
        }
        return v;
    }

    private static <T> T number(Map<String, String> m, String key, String source, Function<String, T> parse) {
        String v = required(m, key, source);
        try {
            return parse.apply(v.strip());
        } catch (NumberFormatException e) {
            throw bad(source, key + " '" + v + "' is not a number of the right kind");
        }
    }

    /** A checkpoint whose recorded settings are broken: the file is at fault, not the user's options. */
    private static ModelFileException bad(String source, String problem) {
        return new ModelFileException(source + ": bad checkpoint file: " + problem);
    }
}
