package dev.lanes.infer;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelFileException;
import dev.lanes.io.ModelMetadata;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.DenseStack;
import dev.lanes.nn.InputWidth;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A trained network ready to serve predictions: load it once, then call it from any number of threads.
 *
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("digits.safetensors"));
 * float[] out = new float[p.outputWidth()];
 * p.predict(pixels, out);                 // allocation-free in steady state on the fused path
 * String digit = p.labels().get(p.predictClass(pixels));
 * }</pre>
 *
 * <p>Inputs are raw feature rows, row-major; a file that stores a standardization (mean and std per feature, as
 * {@code lanes train} writes) has it applied before the first layer. Inputs must be finite: NaN or infinite values
 * are rejected with the row and column named. A row of the wrong width fails naming both widths.
 *
 * <p>Weights: a dense network (a {@link DenseStack}) is served from a copy of its weights taken when the predictor
 * is made, prepared once for the kernels, so training the module afterwards does not change the predictions; make a
 * new predictor to serve new weights. A BatchNorm1d right after a Linear layer (eval mode, running statistics) is
 * folded into that copy ({@link DenseStack#forInference}), so such a network is dense too; one right after the
 * activation is folded into the next Linear layer's copy (or, last, runs in the plan over a copy of its parameters and
 * statistics); a LayerNorm in either place runs in the plan, over a copy of its weight and bias. The copy, and the packed layout the vector kernel adds on the first batch of
 * more than 4 rows, take up to twice the weights' memory besides the module's own. Other networks run their own {@code forward} on the live module: do not train
 * or modify those while a predictor uses them.
 *
 * <p>Thread safety: the weights are only read, and each thread gets its own scratch space, so one predictor may be
 * shared by all threads of a service.
 */
public final class Predictor {

    private final Module module;
    private final ModelMetadata metadata;
    private final int inputWidth;
    private final Standardizer standardizer;
    private final Stage full;
    private final AtomicReferenceArray<Stage> prefixes;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /** A plan and the width of its output rows. */
    private record Stage(Plan plan, int width) {
    }

    /** Per-thread scratch: standardized inputs and, for {@link #predictClass}, outputs. Grown, never shrunk. */
    private static final class Workspace {
        float[] x = new float[0];
        float[] y = new float[0];
    }

    private Predictor(Module module, ModelMetadata metadata, int inputWidth) {
        if (inputWidth < 1) {
            throw new IllegalArgumentException("the input width must be at least 1, got " + inputWidth);
        }
        this.module = module;
        this.metadata = metadata;
        this.inputWidth = inputWidth;
        this.standardizer = metadata.mean() == null ? null : new Standardizer(metadata.mean(), metadata.std());
        if (standardizer != null && standardizer.width() != inputWidth) {
            throw new IllegalArgumentException("the standardization covers " + standardizer.width()
                    + " features but the model takes " + inputWidth);
        }
        Map<Module, Boolean> modes = new IdentityHashMap<>(); // to hand a snapshot-served module back as it was
        module.namedModules().values().forEach(m -> modes.put(m, m.isTraining()));
        module.eval();
        this.full = stage(module, null);
        if (metadata.isClassifier() && metadata.classes().size() != full.width()) {
            throw new IllegalArgumentException("" + metadata.classes().size()
                    + " class labels but the model has " + full.width() + " outputs");
        }
        this.prefixes = new AtomicReferenceArray<>(module instanceof Sequential s ? s.size() : 0);
        if (full.plan() instanceof DenseStackPlan) {
            // Every embedding plan now, while the module is in eval mode: built later, after the caller has put the
            // module back into training mode, a prefix with Dropout would not be dense and would run live.
            for (int layer = 0; layer < prefixes.length(); layer++) {
                prefix(layer);
            }
            // served from a copy of the weights: the caller's module goes back to the modes it had, so a training
            // loop that makes a predictor between epochs keeps its Dropout (namedModules lists parents first, so
            // each module's own mode is set last)
            module.namedModules().values().forEach(m -> m.train(modes.get(m)));
        }
    }

    // ------------------------------------------------------------------ creation

    /**
     * Loads a model file written by Lanes ({@code lanes train} or {@link ModelFile#save}); it carries its own
     * architecture, class labels and input standardization.
     *
     * @param file a safetensors model file
     * @return a predictor over the file's network
     * @throws IOException        when the file cannot be read
     * @throws ModelFileException when it is not a Lanes model, or fails the load checks of {@link ModelFile#load}
     *                            (tensors that do not fit the architecture, non-finite weights or standardization,
     *                            feature names or standardization of another width than the first layer's)
     */
    public static Predictor load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a model file, taking the architecture from {@code spec} when the file carries none (a PyTorch
     * {@code nn.Sequential} saved with {@code safetensors.torch.save_file}).
     *
     * @param file a safetensors model file
     * @param spec the architecture, e.g. {@code "4-8-3:relu,none"}; null to use the file's
     * @return a predictor over the file's network
     * @throws IOException        when the file cannot be read
     * @throws ModelFileException when the file does not describe a model this predictor can run
     */
    public static Predictor load(Path file, String spec) throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(file, spec);
        ModelMetadata meta = loaded.metadata();
        int width = meta.mean() != null ? meta.mean().length
                : !meta.features().isEmpty() ? meta.features().size()
                : InputWidth.of(loaded.model()).orElseThrow(() -> new ModelFileException(file
                        + ": cannot tell the model's input width: the file names no features and its first layer is"
                        + " not linear"));
        try {
            return new Predictor(loaded.model(), meta, width);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A predictor over a network built or trained in this JVM; its input width is read off the first linear layer.
     * A dense network is served from a snapshot taken in eval mode, so the module keeps its training or eval modes
     * and more training afterwards leaves the predictor's answers as they were; any other network runs live: it is
     * switched to eval mode, as PyTorch's {@code model.eval()} before inference, and must stay so while the
     * predictor serves it.
     *
     * @param module the network
     * @return a predictor without labels or standardization
     * @throws IllegalArgumentException when the first layer with parameters is not linear; use
     *                                  {@link #of(Module, int)}
     */
    public static Predictor of(Module module) {
        OptionalInt width = InputWidth.of(module);
        if (width.isEmpty()) {
            throw new IllegalArgumentException("Predictor.of: cannot tell the input width of "
                    + module.typeName() + " (its first layer with parameters is not linear);"
                    + " give it with Predictor.of(module, inputWidth)");
        }
        return of(module, width.getAsInt());
    }

    /**
     * A predictor over a network that takes rows of {@code inputWidth} values; a network that runs live is switched
     * to eval mode (see {@link #of(Module)}).
     *
     * @param module     the network
     * @param inputWidth the number of values per input row
     * @return a predictor without labels or standardization
     * @throws IllegalArgumentException when the network does not accept rows of that width
     */
    public static Predictor of(Module module, int inputWidth) {
        try {
            return new Predictor(module, new ModelMetadata(null, List.of(), List.of(), null, null, null), inputWidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Predictor.of: " + e.getMessage(), e);
        }
    }

    /**
     * The fused {@link DenseStack} plan when the network is a dense stack (its widths read off the weights), else its
     * own forward under no-grad (its output width found by running one row of zeros). {@code whole} is the whole
     * network's stage when {@code net} is its first few layers (for embed), else null.
     */
    private Stage stage(Module net, Stage whole) {
        Optional<DenseStack> dense;
        try {
            dense = net instanceof Sequential seq ? DenseStack.forInference(seq) : Optional.empty();
        } catch (IllegalArgumentException e) { // the layers' widths do not chain
            throw new IllegalArgumentException("the model cannot run: " + e.getMessage(), e);
        }
        if (dense.isPresent()) {
            if (dense.get().inFeatures() != inputWidth) {
                throw new IllegalArgumentException("the model does not take rows of " + inputWidth
                        + " values: its first layer takes " + dense.get().inFeatures());
            }
            // A prefix (embed) shares the whole network's copies: every plan serves the weights of creation time.
            DenseStack plan = whole != null && whole.plan() instanceof DenseStackPlan d
                    ? dense.get().snapshotSharing(d.stack()) : dense.get().snapshot();
            return new Stage(new DenseStackPlan(plan), dense.get().outFeatures());
        }
        int width;
        try {
            width = ModulePlan.outputWidth(net, inputWidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model does not take rows of " + inputWidth + " values: "
                    + e.getMessage(), e);
        }
        return new Stage(new ModulePlan(net, inputWidth, width), width);
    }

    // ------------------------------------------------------------------ prediction

    /**
     * The model's outputs for one row.
     *
     * @param in {@link #inputWidth()} values
     * @return {@link #outputWidth()} values (logits or scores, as the last layer gives them)
     */
    public float[] predict(float[] in) {
        float[] out = new float[full.width()];
        run(full, "predict", in, 1, out);
        return out;
    }

    /**
     * The model's outputs for one row, written into {@code out}; allocates nothing once this thread has warmed up.
     *
     * @param in  {@link #inputWidth()} values
     * @param out receives {@link #outputWidth()} values; may be longer
     */
    public void predict(float[] in, float[] out) {
        run(full, "predict", in, 1, out);
    }

    /**
     * The model's outputs for {@code batch} rows.
     *
     * @param in    {@code batch} rows of {@link #inputWidth()} values, row-major
     * @param batch how many rows
     * @return {@code batch} rows of {@link #outputWidth()} values, row-major
     */
    public float[] predictBatch(float[] in, int batch) {
        float[] out = new float[checkedBatch(batch, full.width())];
        run(full, "predictBatch", in, batch, out);
        return out;
    }

    /**
     * The model's outputs for {@code batch} rows, written into {@code out}.
     *
     * @param in    {@code batch} rows of {@link #inputWidth()} values, row-major
     * @param batch how many rows
     * @param out   receives {@code batch} rows of {@link #outputWidth()} values; may be longer
     */
    public void predictBatch(float[] in, int batch, float[] out) {
        run(full, "predictBatch", in, batch, out);
    }

    /**
     * The index of the largest output for one row (the first on ties): the predicted class.
     *
     * @param in {@link #inputWidth()} values
     * @return an index into {@link #labels()} (when the model has labels)
     */
    public int predictClass(float[] in) {
        Workspace ws = workspaces.get();
        if (ws.y.length < full.width()) {
            ws.y = new float[full.width()];
        }
        run(full, "predictClass", in, 1, ws.y);
        return Argmax.of(ws.y, 0, full.width());
    }

    /**
     * The predicted class's label: the file's label, or the class index as text when the model has none.
     *
     * @param in {@link #inputWidth()} values
     * @return the label of {@link #predictClass}
     */
    public String predictLabel(float[] in) {
        int c = predictClass(in);
        return metadata.isClassifier() ? metadata.classes().get(c) : Integer.toString(c);
    }

    // ------------------------------------------------------------------ embeddings

    /**
     * A hidden layer's activations for one row: the output of layer {@code layer} of the {@link Sequential} (layer
     * indices as in its parameter names, so {@code 1} is the activation after a first {@code Linear} at {@code 0}).
     *
     * @param in    {@link #inputWidth()} values
     * @param layer index of the layer whose output to return, in {@code [0, layers())}
     * @return {@link #embeddingWidth(int)} values
     */
    public float[] embed(float[] in, int layer) {
        Stage s = prefix(layer);
        float[] out = new float[s.width()];
        run(s, "embed", in, 1, out);
        return out;
    }

    /**
     * {@link #embed(float[], int)} into {@code out}.
     *
     * @param in    {@link #inputWidth()} values
     * @param layer index of the layer whose output to return
     * @param out   receives {@link #embeddingWidth(int)} values; may be longer
     */
    public void embed(float[] in, int layer, float[] out) {
        run(prefix(layer), "embed", in, 1, out);
    }

    /**
     * A hidden layer's activations for {@code batch} rows.
     *
     * @param in    {@code batch} rows of {@link #inputWidth()} values, row-major
     * @param batch how many rows
     * @param layer index of the layer whose output to return
     * @return {@code batch} rows of {@link #embeddingWidth(int)} values, row-major
     */
    public float[] embedBatch(float[] in, int batch, int layer) {
        Stage s = prefix(layer);
        float[] out = new float[checkedBatch(batch, s.width())];
        run(s, "embedBatch", in, batch, out);
        return out;
    }

    /**
     * {@link #embedBatch(float[], int, int)} into {@code out}.
     *
     * @param in    {@code batch} rows of {@link #inputWidth()} values, row-major
     * @param batch how many rows
     * @param layer index of the layer whose output to return
     * @param out   receives {@code batch} rows of {@link #embeddingWidth(int)} values; may be longer
     */
    public void embedBatch(float[] in, int batch, int layer, float[] out) {
        run(prefix(layer), "embedBatch", in, batch, out);
    }

    /**
     * The number of values layer {@code layer} gives per row.
     *
     * @param layer index of a layer, in {@code [0, layers())}
     * @return the width of {@link #embed}'s result for that layer
     */
    public int embeddingWidth(int layer) {
        return prefix(layer).width();
    }

    private Stage prefix(int layer) {
        if (!(module instanceof Sequential seq)) {
            throw new UnsupportedOperationException("embed: the model is a " + module.typeName()
                    + ", not a Sequential, so it has no numbered layers");
        }
        if (layer < 0 || layer >= seq.size()) {
            throw new IndexOutOfBoundsException("embed: layer " + layer + " is out of range; the model has "
                    + seq.size() + " layers, 0 to " + (seq.size() - 1));
        }
        Stage s = prefixes.get(layer);
        if (s == null) { // two threads may both build it; either result is the same
            s = layer == seq.size() - 1 ? full : stage(Sequential.of(seq.layers().subList(0, layer + 1)
                    .toArray(Module[]::new)), full);
            prefixes.compareAndSet(layer, null, s);
        }
        return s;
    }

    // ------------------------------------------------------------------ checks and the common path

    private void run(Stage stage, String op, float[] in, int batch, float[] out) {
        int n = checkedBatch(batch, inputWidth);
        if (in.length != n) {
            throw new IllegalArgumentException(batch == 1 && op.indexOf("Batch") < 0
                    ? op + ": the input has " + in.length + " values but the model takes " + inputWidth
                    : op + ": the input has " + in.length + " values, not " + batch + " rows of " + inputWidth
                            + " (the model's input width)");
        }
        int need = checkedBatch(batch, stage.width());
        if (out.length < need) {
            throw new IllegalArgumentException(op + ": the output array has " + out.length + " places but "
                    + batch + (batch == 1 ? " row needs " : " rows need ") + need);
        }
        requireFinite(op, in, n);
        float[] x = in;
        if (standardizer != null) {
            Workspace ws = workspaces.get();
            if (ws.x.length < n) {
                ws.x = new float[n];
            }
            x = ws.x;
            standardizer.apply(in, x, n);
        }
        stage.plan().run(x, batch, out);
    }

    private static int checkedBatch(int batch, int width) {
        if (batch < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batch);
        }
        long n = (long) batch * width;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + batch + " rows of " + width
                    + " values does not fit in one array");
        }
        return (int) n;
    }

    private void requireFinite(String op, float[] in, int n) {
        int i = Kernels.get().firstNonFinite(in, n);
        if (i >= 0) {
            throw new IllegalArgumentException(op + ": input value " + i + " (row " + i / inputWidth
                    + ", column " + i % inputWidth + ") is " + in[i] + "; inputs must be finite numbers");
        }
    }

    // ------------------------------------------------------------------ description

    /**
     * The number of values per input row.
     *
     * @return the input width
     */
    public int inputWidth() {
        return inputWidth;
    }

    /**
     * The number of values per output row.
     *
     * @return the output width
     */
    public int outputWidth() {
        return full.width();
    }

    /**
     * The class labels in output order.
     *
     * @return the labels; empty for a regression model or a file without labels
     */
    public List<String> labels() {
        return metadata.classes();
    }

    /**
     * What the model file says about itself.
     *
     * @return the file's metadata; without spec, labels or standardization for {@link #of(Module)}
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * The number of layers {@link #embed} can index.
     *
     * @return the {@link Sequential}'s size, else 0
     */
    public int layers() {
        return prefixes.length();
    }

    /**
     * The network itself, in eval mode; do not change it while predicting.
     *
     * @return the module
     */
    public Module module() {
        return module;
    }

    /**
     * True when predictions run on the fused {@link DenseStack} plan (no tensors, no allocation once a thread has
     * warmed up); false when the module's own {@code forward} serves them (layers the plan does not take, e.g. a
     * Softmax, a BatchNorm1d without running statistics or a plugin activation): a way to check that a model gets
     * the fast path.
     */
    public boolean isFused() {
        return full.plan() instanceof DenseStackPlan;
    }

    @Override
    public String toString() {
        return "Predictor(" + inputWidth + " -> " + full.width()
                + (metadata.isClassifier() ? ", classes " + metadata.classes() : "")
                + (standardizer != null ? ", standardized inputs" : "")
                + (isFused() ? ", fused plan" : ", module forward") + ")";
    }
}
