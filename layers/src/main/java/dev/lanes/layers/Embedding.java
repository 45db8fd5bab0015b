package dev.lanes.layers;

import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A lookup table, PyTorch's {@code nn.Embedding}: input {@code [*]} of row ids (whole numbers stored as floats),
 * output {@code [*, embedding_dim]}. Weight {@code [num_embeddings, embedding_dim]} starts standard normal. The
 * backward pass touches only the rows that were looked up, so large tables stay cheap to train.
 */
public final class Embedding extends Module implements SpecWritable {

    private final int numEmbeddings;
    private final int embeddingDim;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Init.defaultGenerator());
    }

    public Embedding(int numEmbeddings, int embeddingDim, RandomGenerator rng) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Init.normal(rng, numEmbeddings, embeddingDim));
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] rows = Indices.of(input, numEmbeddings, "Embedding", "row id");
        float[] table = weight.storage();
        float[] out = new float[rows.length * embeddingDim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, rows[i] * embeddingDim, out, i * embeddingDim, embeddingDim);
        }
        int[] inShape = input.shape();
        int[] outShape = java.util.Arrays.copyOf(inShape, inShape.length + 1);
        outShape[inShape.length] = embeddingDim;
        return CustomOp.result("EmbeddingBackward", out, outShape, g -> {
            float[] gw = CustomOp.gradOf(weight);
            for (int i = 0; i < rows.length; i++) { // only the rows looked up
                int dst = rows[i] * embeddingDim;
                for (int j = 0; j < embeddingDim; j++) {
                    gw[dst + j] += g[i * embeddingDim + j];
                }
            }
        }, weight);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }

    @Override
    public String specName() {
        return "embedding";
    }

    @Override
    public Options specOptions() {
        return Options.of("num_embeddings", numEmbeddings, "embedding_dim", embeddingDim);
    }

    /** {@code embedding(num_embeddings, embedding_dim, seed)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {
        public Provider() {
            super("embedding", "num_embeddings", "embedding_dim", "seed");
        }

        @Override
        public Module create(Options o) {
            RandomGenerator rng = o.has("seed") ? new Generator(o.requireInt("seed")) : Init.defaultGenerator();
            return new Embedding(o.requireInt("num_embeddings"), o.requireInt("embedding_dim"), rng);
        }

        @Override
        public Optional<Map<String, int[]>> parameterShapes(Options o) {
            int[] weight = {o.requireInt("num_embeddings"), o.requireInt("embedding_dim")};
            return Optional.of(Map.of("weight", weight));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("num_embeddings", 6, "embedding_dim", 3, "seed", rng.nextInt()),
                    Samples.indices(rng, 6, 2, 4), false);
        }
    }
}
