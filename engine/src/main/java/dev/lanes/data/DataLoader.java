package dev.lanes.data;

import dev.lanes.nn.Init;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Walks a {@link TensorDataset} in mini-batches, PyTorch's {@code DataLoader(dataset, batch_size, shuffle,
 * drop_last, generator)}: each {@link #iterator()} is one epoch; with {@code shuffle} it visits the rows in a new
 * random order drawn when the epoch starts, from the loader's generator or, when it has none, from
 * {@link Init#defaultGenerator()} (so {@code Init.manualSeed} decides it, and a training checkpoint's random state
 * covers it; a checkpoint does not keep a loader's own generator: save its state with
 * {@code StateDictFile.save(file, model, optimizer, metadata)}). The last batch is smaller unless {@code dropLast}. Batches are copies of the rows; a loader is not
 * meant to be iterated from several threads at once.
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(new TensorDataset(x, y), 32, true);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) {
 *         optimizer.zeroGrad();
 *         loss.call(model.call(b.features()), b.targets()).backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {

    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final RandomGenerator generator; // null: the default generator, as it is when an epoch starts

    /** Batches of {@code batchSize} rows, the last one smaller; shuffled from the default generator if asked. */
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle) {
        this(dataset, batchSize, shuffle, false, null);
    }

    /**
     * @param dropLast  leave out a last batch smaller than {@code batchSize}
     * @param generator draws the shuffles (null: {@link Init#defaultGenerator()})
     */
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast,
                      RandomGenerator generator) {
        this.dataset = Objects.requireNonNull(dataset, "DataLoader: dataset is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
    }

    /** Batches per epoch, PyTorch's {@code len(loader)}. */
    public int size() {
        int rows = dataset.size();
        return dropLast ? rows / batchSize : Math.ceilDiv(rows, batchSize);
    }

    public TensorDataset dataset() {
        return dataset;
    }

    /** One epoch: the row order is fixed (drawn, with shuffle) now. */
    @Override
    public Iterator<Batch> iterator() {
        int[] order = order();
        int batches = size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("DataLoader: the epoch has no more batches");
                }
                int from = next++ * batchSize;
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                return new Batch(rowsOf(dataset.features(), rows), rowsOf(dataset.targets(), rows));
            }
        };
    }

    /** 0..n-1, shuffled (Fisher-Yates) when asked. */
    private int[] order() {
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            RandomGenerator rng = generator != null ? generator : Init.defaultGenerator();
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The given rows of {@code t} (its first dimension), copied, in that order. */
    private static Tensor rowsOf(Tensor t, int[] rows) {
        int[] shape = t.shape();
        int width = shape[0] == 0 ? 0 : t.numel() / shape[0];
        float[] src = t.storage();
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * width, out, i * width, width);
        }
        int[] batchShape = shape.clone();
        batchShape[0] = rows.length;
        return Tensor.of(out, batchShape);
    }
}
