package dev.lanes.io;

import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Sequential} saved as safetensors: the parameters and buffers under PyTorch's {@code state_dict} names
 * ({@code 0.weight} as {@code [out, in]}, {@code 0.bias}, {@code 1.running_mean}; counters as {@code I64}) and a
 * {@link ModelMetadata} that says how to rebuild it.
 * A PyTorch {@code nn.Sequential} saved with {@code safetensors.torch.save_file} loads here given its spec, and a
 * file saved here loads into the same {@code nn.Sequential} in PyTorch.
 */
public final class ModelFile {

    /** Tensors under this prefix are not model parameters (a training checkpoint keeps optimizer state there). */
    public static final String EXTRA_PREFIX = "optimizer.";

    private ModelFile() {
    }

    /** A model read back: the network, what the file says about it, the file's raw content, and where it was. */
    public record Loaded(Sequential model, ModelMetadata metadata, SafeTensors.Contents contents, Path file) {
    }

    /**
     * Atomically saves {@code model} with {@code metadata}; a null spec records no architecture (the file is then a
     * plain state dict, as PyTorch writes, and loads given a spec; {@link ModelSpec#format} writes one for a model
     * built in Java). What load would refuse is refused here, before anything is written: a spec that does not
     * describe the model, feature names or a standardization of another width than the first layer's, class labels
     * that do not match the outputs.
     *
     * @throws IllegalArgumentException when the metadata does not fit the model (the message says how)
     */
    public static void save(Path file, Sequential model, ModelMetadata metadata) throws IOException {
        save(file, model, metadata, Map.of(), Map.of());
    }

    /**
     * Saves a training checkpoint: the model, as {@link #save(Path, Sequential, ModelMetadata)}, the optimizer's
     * state ({@link Optimizer#stateDict()}) under {@link #EXTRA_PREFIX}, and the random state ({@link #randomState}).
     * Resume with {@link #load}, then {@code loaded.model().train()} (load returns it in evaluation mode, where
     * Dropout does nothing), {@code optimizer.loadStateDict(ModelFile.optimizerState(loaded))} on an
     * optimizer of the same kind over the loaded model's parameters, and {@link #restoreRandomState(Loaded)}. The file
     * still loads as a model ({@code Predictor.load}); PyTorch's strict {@code load_state_dict} needs the
     * {@code optimizer.} tensors filtered out.
     */
    public static void save(Path file, Sequential model, ModelMetadata metadata, Optimizer optimizer)
            throws IOException {
        save(file, model, metadata, optimizerTensors(optimizer), randomState(model));
    }

    /**
     * The random state a checkpoint keeps, as metadata entries: the default generator's ({@code Init.manualSeed}'s,
     * PyTorch's {@code torch.get_rng_state()}) and that of each {@link dev.lanes.nn.Stochastic} module with a
     * {@link dev.lanes.nn.Generator} of its own (a Dropout built with a seed).
     */
    public static Map<String, String> randomState(Module model) {
        return RandomStates.of(model);
    }

    /**
     * Continues the random numbers where the checkpoint's run left them: sets the default generator and the loaded
     * model's Dropout generators to the saved states, so a resumed run draws the masks the uninterrupted one would
     * have. Returns false, changing nothing, when the file keeps no random state (a plain model file).
     *
     * @throws ModelFileException for a malformed state, or one for a module the model does not have
     */
    public static boolean restoreRandomState(Loaded loaded) {
        return RandomStates.restore(loaded.contents().metadata(), loaded.model(), loaded.file().toString());
    }

    /** The optimizer's state as the extra tensors of a checkpoint ({@link #EXTRA_PREFIX} + its state-dict names). */
    public static Map<String, Tensor> optimizerTensors(Optimizer optimizer) {
        Map<String, Tensor> extra = new LinkedHashMap<>();
        optimizer.stateDict().forEach((name, values) -> extra.put(EXTRA_PREFIX + name, Tensor.of(values,
                values.length)));
        return extra;
    }

    /** The optimizer state a checkpoint holds, by state-dict name (empty for a plain model file). */
    public static Map<String, float[]> optimizerState(Loaded loaded) {
        return optimizerState(loaded.contents());
    }

    /** The optimizer state among a file's tensors, by state-dict name (empty when it holds none). */
    static Map<String, float[]> optimizerState(SafeTensors.Contents contents) {
        Map<String, float[]> state = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith(EXTRA_PREFIX)) {
                state.put(name.substring(EXTRA_PREFIX.length()), t.toArray());
            }
        });
        return state;
    }

    /** Saves with extra tensors (names must start with {@link #EXTRA_PREFIX}) and extra metadata entries. */
    public static void save(Path file, Sequential model, ModelMetadata metadata, Map<String, Tensor> extraTensors,
            Map<String, String> extraMetadata) throws IOException {
        SaveChecks.requireFits(file, model, metadata);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        extraTensors.forEach((name, t) -> {
            if (!name.startsWith(EXTRA_PREFIX)) {
                throw new IllegalArgumentException("extra tensor '" + name + "' must start with " + EXTRA_PREFIX);
            }
            tensors.put(name, t);
        });
        Map<String, String> meta = new LinkedHashMap<>(metadata.toMap());
        meta.putAll(extraMetadata);
        SafeTensors.write(file, tensors, model.int64BufferNames(), meta);
    }

    /**
     * Loads a model; {@code specOverride} (may be null) gives the architecture for files that carry none, e.g.
     * written by PyTorch. A bad spec, shapes that do not fit the architecture, non-finite weights, a standardization
     * that is not finite and positive, and feature names or a standardization of another width than the first
     * layer's fail with a {@link ModelFileException} naming the file.
     */
    public static Loaded load(Path file, String specOverride) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        ModelMetadata meta = ModelMetadata.fromMap(contents.metadata(), file.toString());
        Map<String, Tensor> params = new LinkedHashMap<>(contents.tensors());
        params.keySet().removeIf(name -> name.startsWith(EXTRA_PREFIX));
        String spec = specOverride != null ? specOverride : meta.spec();
        if (spec == null) {
            throw new ModelFileException(file + ": the file carries no architecture (" + ModelMetadata.SPEC
                    + " metadata; written by PyTorch?): give it with --spec (in Java: the spec argument of"
                    + " Predictor.load or ModelFile.load), " + SpecHint.example(params));
        }
        LoadChecks.requireFinite(file, params);
        requireDeclaredShapes(file, spec, specOverride != null, params);
        Sequential model = build(file, spec, specOverride != null, params);
        try {
            model.loadStateDict(params);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": its tensors do not fit the architecture '" + spec + "': "
                    + e.getMessage() + SpecHint.derived(params).map(s -> "; they fit '" + s + "'").orElse(""));
        }
        model.eval();
        ModelMetadata withSpec = new ModelMetadata(spec, meta.classes(), meta.features(), meta.target(), meta.mean(),
                meta.std());
        LoadChecks.requireInputWidth(file, withSpec, model);
        return new Loaded(model, withSpec, contents, file);
    }

    /**
     * The tensors the spec's layers declare ({@link ModelSpec#parameterShapes}) are in the file with those shapes:
     * checked before the network is built, so a spec far larger than the file (a hand-edited width) fails here
     * without allocating it. The error calls the entry a parameter or a buffer as the network has it.
     */
    private static void requireDeclaredShapes(Path file, String spec, boolean given, Map<String, Tensor> params) {
        Map<String, int[]> declared;
        try {
            declared = ModelSpec.parameterShapes(spec);
        } catch (IllegalArgumentException e) {
            throw specError(file, given, e);
        }
        declared.forEach((name, shape) -> {
            Tensor held = params.get(name);
            if (held == null || !Arrays.equals(held.shape(), shape)) {
                throw new ModelFileException(file + ": its tensors do not fit the architecture '" + spec + "': "
                        + kindOf(name, spec, declared, params) + " '" + name + "' is " + Arrays.toString(shape)
                        + " there but "
                        + (held == null ? "missing from the file" : Arrays.toString(held.shape()) + " in the file")
                        + SpecHint.derived(params).map(s -> "; they fit '" + s + "'").orElse(""));
            }
        });
    }

    /** Values a network may hold beyond the file's own for {@link #kindOf} to build it (4 MiB of floats). */
    private static final long AFFORDABLE_EXTRA_VALUES = 1 << 20;

    /**
     * Whether the spec's network registers {@code name} as a "parameter" or a "buffer" (the spec's text does not
     * say; the network does). It is built to ask only when its declared tensors hold at most
     * {@link #AFFORDABLE_EXTRA_VALUES} more values than the file: a spec far larger than the file is what the
     * declared-shape check must refuse without allocating, and its entry is then called a "tensor".
     */
    private static String kindOf(String name, String spec, Map<String, int[]> declared, Map<String, Tensor> params) {
        long declaredValues = declared.values().stream().mapToLong(s -> Arrays.stream(s).asLongStream()
                .reduce(1, Math::multiplyExact)).sum();
        long heldValues = params.values().stream().mapToLong(Tensor::numel).sum();
        if (declaredValues > heldValues + AFFORDABLE_EXTRA_VALUES) {
            return "tensor";
        }
        Sequential network = ModelSpec.parse(spec, 0);
        return network.namedBuffers().containsKey(name) ? "buffer"
                : network.namedParameters().containsKey(name) ? "parameter" : "tensor";
    }

    private static ModelFileException specError(Path file, boolean given, IllegalArgumentException e) {
        return new ModelFileException(file + ": " + (given ? "the spec given for it" : "its " + ModelMetadata.SPEC)
                + " is not valid: " + e.getMessage(), e);
    }

    /**
     * The network {@code spec} describes. A spec far larger than the file, in layers that declare no shapes, would need more
     * memory than the JVM has; that fails here, naming the file, rather than as an {@link OutOfMemoryError} later.
     */
    private static Sequential build(Path file, String spec, boolean given, Map<String, Tensor> params) {
        try {
            return ModelSpec.parse(spec, 0);
        } catch (IllegalArgumentException e) { // keeps the spec error's text (and its pointer lines)
            throw specError(file, given, e);
        } catch (OutOfMemoryError e) { // the one large allocation failed; the partial network is garbage already
            long values = params.values().stream().mapToLong(Tensor::numel).sum();
            throw new ModelFileException(file + ": out of memory building the architecture '" + spec
                    + "', while the file holds " + values + " parameter values (" + values * Float.BYTES / 1024
                    + " KB): the spec does not fit the file, or the JVM needs more heap (-Xmx)");
        }
    }
}
