package dev.lanes.io;

import dev.lanes.nn.Module;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any {@link Module}'s parameters and buffers as a safetensors file, under its {@code state_dict} names: PyTorch's
 * {@code save_file(model.state_dict(), path)} and {@code model.load_state_dict(load_file(path))}, for a hand-written
 * module that no spec describes (a {@code Sequential} can also use {@link ModelFile}, whose files rebuild themselves).
 * A checkpoint adds the optimizer's state, the random generators' states and any entries of your own, and
 * {@link #resume} puts the first three back and returns the file's metadata. Files are written atomically.
 */
public final class StateDictFile {

    /** Metadata keys the file keeps for itself (the random states). */
    private static final String RESERVED_PREFIX = "lanes.";

    private StateDictFile() {
    }

    /** Atomically saves {@code model}'s parameters and buffers ({@link Module#stateDict()}). */
    public static void save(Path file, Module model) throws IOException {
        SafeTensors.write(file, model.stateDict(), model.int64BufferNames(), Map.of());
    }

    /**
     * Atomically saves a training checkpoint: {@code model}'s parameters and buffers, {@code optimizer}'s state (as
     * {@link ModelFile#optimizerTensors}) and the random state ({@link ModelFile#randomState}).
     */
    public static void save(Path file, Module model, Optimizer optimizer) throws IOException {
        save(file, model, optimizer, Map.of());
    }

    /**
     * Saves a checkpoint as {@link #save(Path, Module, Optimizer)} does, with entries of your own in its metadata
     * (what PyTorch users put in the checkpoint dict: the epoch, a {@code DataLoader}'s own {@code Generator} state,
     * anything else needed to continue); {@link #resume} returns them. Keys starting with {@code lanes.} are the
     * file's own and are refused, before anything is written.
     */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, String> metadata)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(RandomStates.of(model));
        metadata.forEach((key, value) -> {
            if (key.startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException("StateDictFile.save: metadata key '" + key + "' starts with "
                        + RESERVED_PREFIX + ", which the checkpoint keeps for its own entries; pick another key");
            }
            meta.put(key, value);
        });
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        tensors.putAll(ModelFile.optimizerTensors(optimizer));
        SafeTensors.write(file, tensors, model.int64BufferNames(), meta);
    }

    /**
     * Copies the file's parameters and buffers into {@code model} (a checkpoint's optimizer tensors are skipped).
     * The file must hold exactly the model's state-dict names, with its shapes and finite values; otherwise nothing
     * is copied and the {@link ModelFileException} names the file and the entries concerned.
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
     * @return the file's content; its metadata holds the entries saved with
     *         {@link #save(Path, Module, Optimizer, Map)}
     * @throws ModelFileException when the file is not such a checkpoint of this model, or does not fit it (the
     *         parameters are copied first: after a failure the model may hold the file's values)
     */
    public static SafeTensors.Contents resume(Path file, Module model, Optimizer optimizer) throws IOException {
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
        return contents;
    }
}
