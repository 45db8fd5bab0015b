package dev.lanes.io;

import dev.lanes.nn.Module;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any {@link Module}'s parameters as a safetensors file, under its {@code state_dict} names: PyTorch's
 * {@code save_file(model.state_dict(), path)} and {@code model.load_state_dict(load_file(path))}, for a hand-written
 * module that no spec describes (a {@code Sequential} can also use {@link ModelFile}, whose files rebuild themselves).
 * A checkpoint adds the optimizer's state and the random generators' states, and {@link #resume} puts all three
 * back. Files are written atomically.
 */
public final class StateDictFile {

    private StateDictFile() {
    }

    /** Atomically saves {@code model}'s parameters. */
    public static void save(Path file, Module model) throws IOException {
        SafeTensors.write(file, model.stateDict(), Map.of());
    }

    /**
     * Atomically saves a training checkpoint: {@code model}'s parameters, {@code optimizer}'s state (as
     * {@link ModelFile#optimizerTensors}) and the random state ({@link ModelFile#randomState}).
     */
    public static void save(Path file, Module model, Optimizer optimizer) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        tensors.putAll(ModelFile.optimizerTensors(optimizer));
        SafeTensors.write(file, tensors, RandomStates.of(model));
    }

    /**
     * Copies the file's parameters into {@code model} (a checkpoint's optimizer tensors are skipped). The file must
     * hold exactly the model's parameter names, with its shapes and finite values; otherwise nothing is copied and
     * the {@link ModelFileException} names the file and the parameters concerned.
     *
     * @return the file's content (its tensors and metadata)
     */
    public static SafeTensors.Contents load(Path file, Module model) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, Tensor> params = new LinkedHashMap<>(contents.tensors());
        params.keySet().removeIf(name -> name.startsWith(ModelFile.EXTRA_PREFIX));
        LoadChecks.requireFinite(file, params);
        try {
            model.loadStateDict(params);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": its tensors do not fit " + model.typeName() + ": "
                    + e.getMessage());
        }
        return contents;
    }

    /**
     * Continues a checkpoint written by {@link #save(Path, Module, Optimizer)}: the parameters into {@code model},
     * the optimizer state into {@code optimizer} (of the same kind, built over {@code model}'s parameters), and the
     * random generators' states; training on gives the uninterrupted run's numbers.
     *
     * @throws ModelFileException when the file is not such a checkpoint of this model, or does not fit it (the
     *         parameters are copied first: after a failure the model may hold the file's values)
     */
    public static void resume(Path file, Module model, Optimizer optimizer) throws IOException {
        SafeTensors.Contents contents = load(file, model);
        Map<String, float[]> state = ModelFile.optimizerState(contents);
        if (state.isEmpty()) {
            throw new ModelFileException(file + ": not a training checkpoint (no optimizer state); write one with"
                    + " StateDictFile.save(file, model, optimizer)");
        }
        try {
            optimizer.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": its optimizer state does not fit " + optimizer.name() + ": "
                    + e.getMessage());
        }
        RandomStates.restore(contents.metadata(), model, file.toString());
    }
}
