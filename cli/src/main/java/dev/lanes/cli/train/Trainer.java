package dev.lanes.cli.train;

import dev.lanes.cli.RowChunks;
import dev.lanes.cli.UserError;
import dev.lanes.cli.data.Dataset;
import dev.lanes.infer.Argmax;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Random;

/**
 * The training loop: per epoch a seeded shuffle, mini-batches of forward, loss, {@code zeroGrad}, {@code backward},
 * {@code step}, then the loss and accuracy on the held-out rows. A dense Sequential (Dropout after a dense layer
 * included) with a fusable loss trains through {@link TrainStep} (the same numbers, no graph, no allocation per
 * batch); anything else, BatchNorm included, through autograd. The shuffle of epoch e depends only on the seed and e,
 * and Dropout's masks on the random generators a checkpoint restores, so a run resumed from a checkpoint after epoch e
 * continues exactly as the uninterrupted run.
 */
public final class Trainer {

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Targets trainTargets;
    private final Targets testTargets;
    private final Dataset train;
    private final Dataset test;
    private final TrainStep fused; // null: the autograd loop
    private float[] batchFeatures = new float[0]; // fused path: the batch, grown to the largest one
    private float[] batchTargets = new float[0];

    /** What one epoch achieved; {@code testAccuracy} is NaN for regression. */
    public record EpochResult(int epoch, double trainLoss, double testLoss, double testAccuracy, double seconds,
            int samples) {
    }

    /** Loss and (for classification) accuracy of the model on a data set. */
    public record Evaluation(double loss, double accuracy, int correct, int total) {
    }

    /** Hears about progress: after every batch and after every epoch. */
    public interface Listener {
        void batchDone(int epoch, int samplesDone, int samplesTotal, double runningLoss, double elapsedSeconds);

        void epochDone(EpochResult result);
    }

    public Trainer(Module model, Loss loss, String lossName, Optimizer optimizer, Dataset train, Dataset test) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.train = train;
        this.test = test;
        this.trainTargets = new Targets(train, lossName);
        this.testTargets = new Targets(test, lossName);
        // planned in training mode: a Dropout after a dense layer then runs in the fused plan (other places: autograd)
        model.train();
        this.fused = model instanceof Sequential seq ? TrainStep.of(seq, loss, optimizer).orElse(null) : null;
    }

    /**
     * Fails, before any training, when batches of {@code batchSize} would leave one too small for a layer that
     * normalises by batch statistics (see {@link BatchSizeCheck}).
     */
    public void requireBatchSize(int batchSize) {
        BatchSizeCheck.require(model, train.rows(), batchSize);
    }

    /**
     * Fails, before any training, when the held-out rows are fewer than a layer that normalises by batch statistics
     * in eval mode too needs ({@code validationSplit} is only named in the message).
     */
    public void requireHeldOutRows(double validationSplit) {
        model.eval();
        try {
            BatchSizeCheck.requireHeldOut(model, test.rows(), validationSplit);
        } finally {
            model.train();
        }
    }

    /** Whether batches run through the fused {@link TrainStep} rather than autograd. */
    public boolean fused() {
        return fused != null;
    }

    /** The order in which epoch {@code epoch} (counted from 1) visits the training rows. */
    static int[] shuffle(int rows, long seed, int epoch) {
        return Dataset.permutation(rows, new Random(seed * 1_000_003L + epoch));
    }

    /** Trains epoch {@code epoch} (counted from 1) and evaluates on the held-out rows. */
    public EpochResult epoch(int epoch, int batchSize, long seed, Listener listener) {
        long start = System.nanoTime();
        model.train();
        int[] order = shuffle(train.rows(), seed, epoch);
        double lossSum = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            float value = fused != null ? fusedStep(order, from, to) : autogradStep(order, from, to);
            if (!Float.isFinite(value)) {
                throw new UserError("the training loss became " + value + " in epoch " + epoch
                        + "; try a smaller --lr or --standardize");
            }
            lossSum += (double) value * (to - from);
            listener.batchDone(epoch, to, order.length, lossSum / to, (System.nanoTime() - start) / 1e9);
        }
        Evaluation eval = evaluate(test, testTargets);
        EpochResult result = new EpochResult(epoch, lossSum / order.length, eval.loss(), eval.accuracy(),
                (System.nanoTime() - start) / 1e9, order.length);
        listener.epochDone(result);
        return result;
    }

    /** forward, loss, zeroGrad, backward, step; returns the loss (a non-finite loss is not stepped on). */
    private float autogradStep(int[] order, int from, int to) {
        Tensor x = Targets.features(train, order, from, to);
        Tensor y = trainTargets.batch(order, from, to);
        optimizer.zeroGrad();
        Tensor l = loss.forward(model.forward(x), y);
        float value = l.item();
        if (Float.isFinite(value)) {
            l.backward();
            optimizer.step();
        }
        return value;
    }

    /**
     * The same step through the fused path, the batch gathered into reused buffers. It has already updated the
     * parameters when it reports a non-finite loss; the run stops on that loss either way.
     */
    private float fusedStep(int[] order, int from, int to) {
        int rows = to - from;
        if (batchFeatures.length < rows * train.cols()) {
            batchFeatures = new float[rows * train.cols()];
            batchTargets = new float[rows * trainTargets.width()];
        }
        Targets.featuresInto(train, order, from, to, batchFeatures);
        trainTargets.batchInto(order, from, to, batchTargets);
        return fused.step(batchFeatures, batchTargets, rows);
    }

    /** Loss and accuracy on the held-out rows, in eval mode. */
    public Evaluation evaluateHeldOut() {
        return evaluate(test, testTargets);
    }

    private Evaluation evaluate(Dataset data, Targets targets) {
        model.eval();
        int[] all = new int[data.rows()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double lossSum = 0;
        int correct = 0;
        final int chunk = 1024;
        int fewest = BatchDependent.minimumBatchRows(model);
        try (var scope = GradMode.noGrad()) {
            for (int from = 0, to; from < all.length; from = to) {
                to = RowChunks.end(from, all.length, chunk, fewest);
                Tensor out = model.forward(Targets.features(data, all, from, to));
                lossSum += (double) loss.forward(out, targets.batch(all, from, to)).item() * (to - from);
                if (data.isClassification()) {
                    float[][] rows = out.toArray2d();
                    for (int i = 0; i < rows.length; i++) {
                        if (Argmax.of(rows[i]) == data.labels()[from + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        model.train();
        double accuracy = data.isClassification() ? (double) correct / data.rows() : Double.NaN;
        return new Evaluation(lossSum / data.rows(), accuracy, correct, data.rows());
    }
}
