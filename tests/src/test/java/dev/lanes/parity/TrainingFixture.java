package dev.lanes.parity;

import dev.lanes.io.SafeTensors;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.ProviderSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One training run recorded by {@code tests/fixtures/training/generate_training_parity.py}: the Lanes specs of the
 * model, loss and optimizer (from the file's metadata), PyTorch's initial and final state dicts and per-step
 * losses, and the digits rows it trained on, cut into the same batches.
 */
final class TrainingFixture {

    private static final Path DIR = Path.of("fixtures", "training");
    private static final int CLASSES = 10;

    final String name;
    private final SafeTensors.Contents run;
    private final float[] x;
    private final float[] labels;
    private final int rows;
    private final int features;
    final int steps;
    final int batchSize;

    private TrainingFixture(String name, SafeTensors.Contents run, SafeTensors.Contents data) {
        this.name = name;
        this.run = run;
        Tensor xs = data.tensor("x");
        this.x = xs.storage();
        this.rows = xs.size(0);
        this.features = xs.size(1);
        this.labels = data.tensor("y").storage();
        this.steps = Integer.parseInt(meta("steps"));
        this.batchSize = Integer.parseInt(meta("batch_size"));
    }

    /** Reads {@code fixtures/training/<name>.safetensors} and the data subset, relative to the tests module. */
    static TrainingFixture load(String name) {
        return new TrainingFixture(name, read(name + ".safetensors"), read("digits_subset.safetensors"));
    }

    private static SafeTensors.Contents read(String file) {
        Path path = DIR.resolve(file);
        if (!Files.exists(path)) {
            throw new IllegalStateException("fixture " + path.toAbsolutePath() + " is missing; regenerate it with "
                    + "generate_training_parity.py in " + path.toAbsolutePath().getParent());
        }
        try {
            return SafeTensors.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String meta(String key) {
        String value = run.metadata().get(key);
        if (value == null) {
            throw new IllegalStateException(name + ".safetensors has no metadata '" + key + "'; it has "
                    + run.metadata().keySet());
        }
        return value;
    }

    /** The model of the spec, with PyTorch's initial weights. */
    Sequential initialModel() {
        Sequential model = ModelSpec.parse(meta("model"));
        model.loadStateDict(withPrefix("init."));
        return model;
    }

    Loss loss() {
        ProviderSpec spec = ProviderSpec.parse(meta("loss"), Losses.registry());
        return Losses.create(spec.name(), spec.options());
    }

    Optimizer optimizer(Sequential model) {
        ProviderSpec spec = ProviderSpec.parse(meta("optimizer"), Optimizers.registry());
        return Optimizers.create(spec.name(), model.parameters(), spec.options());
    }

    /** PyTorch's loss at every step, before that step's update. */
    float[] losses() {
        return run.tensor("losses").storage();
    }

    /** PyTorch's state dict after the last step. */
    Map<String, Tensor> finalState() {
        return withPrefix("final.");
    }

    private Map<String, Tensor> withPrefix(String prefix) {
        return Fixture.withPrefix(run.tensors(), prefix);
    }

    /** The rows and target of one step, as the generator cut them. */
    record Batch(int rows, Tensor x, Tensor target) {
    }

    /** Step {@code step}'s batch: consecutive rows, the last batch of an epoch short, epoch after epoch. */
    Batch batch(int step) {
        int perEpoch = (rows + batchSize - 1) / batchSize;
        int start = (step % perEpoch) * batchSize;
        int n = Math.min(batchSize, rows - start);
        Tensor xb = Tensor.of(Arrays.copyOfRange(x, start * features, (start + n) * features), n, features);
        float[] ids = Arrays.copyOfRange(labels, start, start + n);
        Tensor target = switch (meta("targets")) {
            case "classes" -> Tensor.of(ids, n);
            case "onehot" -> Tensor.of(oneHot(ids), n, CLASSES);
            default -> throw new IllegalStateException(name + ": unknown targets '" + meta("targets") + "'");
        };
        return new Batch(n, xb, target);
    }

    private static float[] oneHot(float[] ids) {
        float[] out = new float[ids.length * CLASSES];
        for (int r = 0; r < ids.length; r++) {
            out[r * CLASSES + (int) ids[r]] = 1f;
        }
        return out;
    }
}
