package dev.lanes.bench.workloads;

import dev.lanes.infer.Argmax;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Random;

/**
 * W4's training loop: 64-128-64-10 ReLU, CrossEntropyLoss, Adam lr 1e-3, batch 32, a fresh shuffle every epoch.
 * On the {@code autograd} path every batch is gathered into new tensors (as {@code x[idx]} in PyTorch); on the
 * {@code trainstep} path into reused ones (one pair for full batches, one for the last, shorter batch), as a
 * loop that wants no allocation per step does.
 */
final class DigitsTraining {

    static final int BATCH = 32;

    private final Digits data;
    private final Sequential net;
    private final TrainingPath step;
    private final boolean reuseBatches;
    private final Random shuffles;
    private final int[] order;
    private final Tensor[] fullBatch;
    private final Tensor[] lastBatch;

    /** {@code seed} draws the initial weights and the epochs' shuffles; {@code path} as {@link TrainingPath}. */
    DigitsTraining(Digits data, long seed, String path) {
        this.data = data;
        this.net = Nets.build(Nets.DIGITS, seed);
        this.step = TrainingPath.of(path, net, new CrossEntropyLoss(), new Adam(net.parameters(), 1e-3f));
        this.reuseBatches = path.equals("trainstep");
        this.shuffles = new Random(seed);
        this.order = Batches.permutation(data.trainRows(), shuffles);
        int rest = data.trainRows() % BATCH;
        this.fullBatch = new Tensor[] {Tensor.zeros(BATCH, Digits.FEATURES), Tensor.zeros(BATCH)};
        this.lastBatch = rest == 0 ? fullBatch : new Tensor[] {Tensor.zeros(rest, Digits.FEATURES), Tensor.zeros(rest)};
    }

    /** One pass over the training rows in a new random order; returns the last batch's loss. */
    float epoch() {
        Batches.shuffle(order, shuffles);
        float last = 0f;
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            if (reuseBatches) {
                Tensor[] xy = to - from == BATCH ? fullBatch : lastBatch;
                Batches.gatherRows(data.trainX(), Digits.FEATURES, order, from, to, xy[0].storage());
                Batches.gatherLabels(data.trainY(), order, from, to, xy[1].storage());
                last = step.step(xy[0], xy[1]);
            } else {
                last = step.step(Batches.rows(data.trainX(), Digits.FEATURES, order, from, to),
                        Batches.labels(data.trainY(), order, from, to));
            }
        }
        return last;
    }

    /** The fraction of test rows whose largest logit is the label. */
    double testAccuracy() {
        float[] logits;
        try (var scope = GradMode.noGrad()) {
            logits = net.call(Tensor.of(data.testX(), data.testRows(), Digits.FEATURES)).storage();
        }
        int correct = 0;
        for (int r = 0; r < data.testRows(); r++) {
            correct += Argmax.of(logits, r * Digits.CLASSES, Digits.CLASSES) == data.testY()[r] ? 1 : 0;
        }
        return (double) correct / data.testRows();
    }
}
