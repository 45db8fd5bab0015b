package dev.lanes.bench.workloads;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Random;

/**
 * W4's training loop: 64-128-64-10 ReLU, CrossEntropyLoss, Adam lr 1e-3, batch 32, a fresh shuffle every epoch.
 */
final class DigitsTraining {

    static final int BATCH = 32;

    private final Digits data;
    private final Sequential net;
    private final AutogradStep step;
    private final Random shuffles;
    private final int[] order;

    /** {@code seed} draws the initial weights and the epochs' shuffles. */
    DigitsTraining(Digits data, long seed) {
        this.data = data;
        this.net = Nets.build(Nets.DIGITS, seed);
        this.step = new AutogradStep(net, new CrossEntropyLoss(), new Adam(net.parameters(), 1e-3f));
        this.shuffles = new Random(seed);
        this.order = Batches.permutation(data.trainRows(), shuffles);
    }

    /** One pass over the training rows in a new random order; returns the last batch's loss. */
    float epoch() {
        Batches.shuffle(order, shuffles);
        float last = 0f;
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            Tensor x = Batches.rows(data.trainX(), Digits.FEATURES, order, from, to);
            Tensor y = Batches.labels(data.trainY(), order, from, to);
            last = step.run(x, y).item();
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
            int best = 0;
            for (int c = 1; c < Digits.CLASSES; c++) {
                if (logits[r * Digits.CLASSES + c] > logits[r * Digits.CLASSES + best]) {
                    best = c;
                }
            }
            correct += best == data.testY()[r] ? 1 : 0;
        }
        return (double) correct / data.testRows();
    }
}
