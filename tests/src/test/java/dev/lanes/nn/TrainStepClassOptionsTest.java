package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.layers.optim.SGD;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Losses;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused step (used by {@code lanes train}) honours CrossEntropyLoss's weight, ignore_index and
 * label_smoothing: it follows the autograd loop step by step with them set, as TrainStepTest does without.
 */
class TrainStepClassOptionsTest {

    private static final float[] WEIGHT = {0.5f, 1f, 2f, 0.25f, 1.5f, 1f, 3f, 0.75f, 1f, 1.25f};

    /** Class ids with every fifth row set to {@code ignore}, so each batch ignores some rows. */
    static TrainStepTest.Batches someIgnored(int in, int classes, int ignore) {
        return (rnd, rows) -> {
            Tensor[] batch = TrainStepTest.classes(in, classes).draw(rnd, rows);
            float[] t = batch[1].storage();
            for (int r = 0; r < rows; r += 5) {
                t[r] = ignore;
            }
            return batch;
        };
    }

    @Test
    void weightIgnoreIndexAndLabelSmoothingFollowAutograd() {
        TrainStepTest.follow(new TrainStepTest.Case("CE weight+ignore(-100)+smoothing Adam", TrainStepTest::digits,
                new CrossEntropyLoss(Reduction.MEAN, WEIGHT, -100, 0.1f), p -> new Adam(p, 1e-3f), 32,
                someIgnored(64, 10, -100)));
        TrainStepTest.follow(new TrainStepTest.Case("CE(sum) ignore_index=3 SGD", TrainStepTest::digits,
                Losses.create("crossentropy", Options.of("reduction", "sum", "ignore_index", 3)),
                p -> new SGD(p, 1e-3f), 32, TrainStepTest.classes(64, 10)));
        TrainStepTest.follow(new TrainStepTest.Case("CE weight only SGD", TrainStepTest::digits,
                new CrossEntropyLoss(Reduction.MEAN, WEIGHT, -100, 0f), p -> new SGD(p, 0.1f), 16,
                TrainStepTest.classes(64, 10)));
    }

    @Test
    void anAllIgnoredBatchGivesNaNAndNoGradientAsAutogradDoes() {
        Sequential reference = TrainStepTest.digits();
        Sequential fused = TrainStepTest.digits();
        Loss loss = new CrossEntropyLoss(Reduction.MEAN, WEIGHT, 7, 0.2f);
        Optimizer fusedOpt = new SGD(fused.parameters(), 0.1f);
        TrainStep step = TrainStep.of(fused, loss, fusedOpt).orElseThrow();
        Tensor x = Tensor.randn(new Random(5), 4, 64);
        Tensor target = Tensor.of(7f, 7f, 7f, 7f);
        Tensor l = loss.forward(reference.forward(x), target);
        l.backward();
        float value = step.step(x.storage(), target.storage(), 4);
        assertTrue(Float.isNaN(l.item()) && Float.isNaN(value), "autograd " + l.item() + ", fused " + value);
        List<Tensor> ref = reference.parameters();
        List<Tensor> got = fused.parameters();
        for (int p = 0; p < ref.size(); p++) {
            float[] zeros = new float[ref.get(p).numel()];
            assertTrue(Arrays.equals(zeros, ref.get(p).grad().toArray()), "autograd gradient of parameter " + p);
            assertTrue(Arrays.equals(zeros, got.get(p).grad().toArray()), "fused gradient of parameter " + p);
        }
    }

    /** The trainer hands TrainStep a reused target buffer longer than the batch: only the batch's rows count. */
    @Test
    void onlyTheBatchRowsOfALongerTargetBufferCount() {
        for (Loss loss : List.of(new CrossEntropyLoss(), new CrossEntropyLoss(Reduction.MEAN, WEIGHT, 7, 0.2f))) {
            Sequential exact = TrainStepTest.digits();
            Sequential padded = TrainStepTest.digits();
            TrainStep exactStep = TrainStep.of(exact, loss, new SGD(exact.parameters(), 0.1f)).orElseThrow();
            TrainStep paddedStep = TrainStep.of(padded, loss, new SGD(padded.parameters(), 0.1f)).orElseThrow();
            float[] x = Tensor.randn(new Random(6), 3, 64).storage();
            float[] target = {2f, 7f, 9f};
            float[] buffer = {2f, 7f, 9f, 1f, 1f, 1f, 1f, 1f};
            float expected = exactStep.step(x, target, 3);
            assertEquals(expected, paddedStep.step(x, buffer, 3), loss.toString());
            for (int p = 0; p < exact.parameters().size(); p++) {
                assertArrayEquals(exact.parameters().get(p).toArray(), padded.parameters().get(p).toArray(),
                        loss + ": parameter " + p);
            }
        }
    }
}
