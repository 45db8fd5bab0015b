package dev.lanes.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seed's raw-autograd program learns. */
class AutogradExampleTest {

    /**
     * The shipped program (seed 0) goes from 298 to 59.7, which is about the loss of the best constant prediction
     * for its random labels; a net that is stuck or whose ReLUs died stays near its start or rises.
     */
    private static final float LEARNED_FRACTION = 0.5f;

    @Test
    void theSeedProgramsLossFallsWellBelowTheInitialLoss() {
        Random rng = new Random(0); // the same draws as AutogradExample.run(out, 0)
        Tensor data = Tensor.randint(0, 5, rng, 10, 2);
        Tensor labels = Tensor.randint(0, 5, rng, 10, 3);
        AutogradExample bp = new AutogradExample(new int[] {2, 2, 3}, rng);
        float[] losses = bp.train(data, labels, 10_000, 0.01f);
        float first = losses[0];
        float last = losses[losses.length - 1];
        assertTrue(last < LEARNED_FRACTION * first, "loss " + first + " -> " + last);
        for (float loss : losses) {
            assertTrue(Float.isFinite(loss), "loss diverged");
        }
        float after = AutogradExample.loss(bp.forward(data), labels).item();
        assertTrue(after <= last * 1.01f, "the last step undid the training: " + last + " -> " + after);
        assertTrue(bp.parameters().stream().allMatch(p -> p.requiresGrad() && p.isLeaf()));
    }

    @Test
    void theProgramPrintsTheFallingLossAndPredictions() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AutogradExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch     0  loss") && out.contains("epoch  9999  loss"), out);
        assertTrue(out.contains("labels:\ntensor([[") && out.contains("predictions:\ntensor([["), out);
        String[] first = out.lines().findFirst().orElseThrow().trim().split("\\s+");
        String[] last = out.lines().filter(l -> l.startsWith("epoch  9999")).findFirst().orElseThrow().split("\\s+");
        float firstLoss = Float.parseFloat(first[first.length - 1]);
        float lastLoss = Float.parseFloat(last[last.length - 1]);
        assertTrue(lastLoss < LEARNED_FRACTION * firstLoss, firstLoss + " -> " + lastLoss);
        assertEquals(11, out.lines().filter(l -> l.startsWith("epoch")).count(), out);
    }
}
