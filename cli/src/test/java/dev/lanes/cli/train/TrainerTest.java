package dev.lanes.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.data.Dataset;
import dev.lanes.layers.Dropout;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The trainer's fused path (a dense Sequential) gives the epochs of its autograd path. */
class TrainerTest {

    /** Three Gaussian blobs in 4 features, 103 rows (batches of 16 leave a short last one). */
    static Dataset blobs(int rows, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rnd.nextInt(3);
            for (int c = 0; c < 4; c++) {
                x[r * 4 + c] = (float) rnd.nextGaussian() + (c == y[r] ? 3f : 0f);
            }
        }
        return new Dataset("blobs", List.of("a", "b", "c", "d"), "class", x, rows, 4, y, null, List.of("0", "1", "2"));
    }

    static Sequential net() {
        Random rnd = new Random(5);
        return Sequential.of(new Linear(4, 16, true, rnd), new ReLU(), new Linear(16, 3, true, rnd));
    }

    private static List<Trainer.EpochResult> run(Module model, Supplier<Loss> loss, String lossName,
                                                 boolean expectFused) {
        return run(model, loss, lossName, new Adam(model.parameters(), 1e-2f), expectFused);
    }

    private static List<Trainer.EpochResult> run(Module model, Supplier<Loss> loss, String lossName,
                                                 Optimizer optimizer, boolean expectFused) {
        Trainer trainer = new Trainer(model, loss.get(), lossName, optimizer, blobs(103, 1), blobs(40, 2));
        assertEquals(expectFused, trainer.fused());
        List<Trainer.EpochResult> out = new ArrayList<>();
        for (int epoch = 1; epoch <= 5; epoch++) {
            out.add(trainer.epoch(epoch, 16, 7, Unfused.QUIET));
        }
        return out;
    }

    private static void sameEpochs(List<Trainer.EpochResult> expected, List<Trainer.EpochResult> actual) {
        for (int i = 0; i < expected.size(); i++) {
            Trainer.EpochResult e = expected.get(i);
            Trainer.EpochResult a = actual.get(i);
            assertEquals(e.trainLoss(), a.trainLoss(), 1e-6 * Math.abs(e.trainLoss()), "train loss, epoch " + (i + 1));
            assertEquals(e.testLoss(), a.testLoss(), 1e-6 * Math.abs(e.testLoss()), "test loss, epoch " + (i + 1));
            assertEquals(e.testAccuracy(), a.testAccuracy(), "accuracy, epoch " + (i + 1));
        }
    }

    @Test
    void fusedAndAutogradTrainAlike() {
        sameEpochs(run(new Unfused(net()), CrossEntropyLoss::new, "crossentropy", false),
                run(net(), CrossEntropyLoss::new, "crossentropy", true));
        // MSE on one-hot targets, as the seed trains classifiers
        List<Trainer.EpochResult> mse = run(net(), MSELoss::new, "mse", true);
        sameEpochs(run(new Unfused(net()), MSELoss::new, "mse", false), mse);
        assertTrue(mse.getLast().testAccuracy() > 0.8, "it learns: " + mse.getLast());
    }

    /** The options of {@code --loss crossentropy(...)} keep the fused path, with autograd's numbers. */
    @Test
    void crossEntropyWithOptionsStaysFusedAndTrainsAsAutograd() {
        Supplier<Loss> options = () -> LossOption.of("crossentropy(weight=[0.5,1,2],label_smoothing=0.1,"
                + "ignore_index=1)").loss();
        List<Trainer.EpochResult> fused = run(net(), options, "crossentropy", true);
        sameEpochs(run(new Unfused(net()), options, "crossentropy", false), fused);
        List<Trainer.EpochResult> plain = run(net(), CrossEntropyLoss::new, "crossentropy", true);
        assertTrue(fused.getLast().trainLoss() != plain.getLast().trainLoss(), "the options change the loss");
    }

    /** The options of {@code --optimizer sgd(...)} and {@code adam(...)} keep the fused path, with autograd's numbers. */
    @Test
    void optimizersWithOptionsStayFusedAndTrainAsAutograd() {
        for (String spec : List.of("sgd(momentum=0.9,nesterov=true,weight_decay=1e-3)", "sgd(momentum=0.9,"
                + "dampening=0.1)", "adam(betas=[0.8,0.99],eps=1e-6,weight_decay=0.01,amsgrad=true)",
                "adamw(weight_decay=0.1)")) {
            OptimizerOption option = OptimizerOption.of(spec, 0.02f);
            Sequential fusedNet = net();
            List<Trainer.EpochResult> fused = run(fusedNet, CrossEntropyLoss::new, "crossentropy",
                    option.create(fusedNet.parameters()), true);
            Unfused autogradNet = new Unfused(net());
            sameEpochs(run(autogradNet, CrossEntropyLoss::new, "crossentropy", option.create(autogradNet.parameters()),
                    false), fused);
            Sequential plainNet = net();
            List<Trainer.EpochResult> plain = run(plainNet, CrossEntropyLoss::new, "crossentropy",
                    OptimizerOption.of(spec.substring(0, spec.indexOf('(')), 0.02f).create(plainNet.parameters()),
                    true);
            assertTrue(fused.getFirst().trainLoss() != plain.getFirst().trainLoss(), spec + ": the options count");
        }
    }

    /** A Dropout after a dense layer runs in the fused plan; one on the input leaves the model on autograd. */
    @Test
    void whereTheDropoutIsDecidesThePath() {
        Sequential afterLayer = Sequential.of(new Linear(4, 8), new Dropout(0.2f), new Linear(8, 3));
        assertTrue(new Trainer(afterLayer, new CrossEntropyLoss(), "crossentropy",
                new Adam(afterLayer.parameters(), 1e-2f), blobs(10, 1), blobs(5, 2)).fused());
        Sequential onInput = Sequential.of(new Dropout(0.2f), new Linear(4, 8), new Linear(8, 3));
        assertFalse(new Trainer(onInput, new CrossEntropyLoss(), "crossentropy",
                new Adam(onInput.parameters(), 1e-2f), blobs(10, 1), blobs(5, 2)).fused());
    }
}
