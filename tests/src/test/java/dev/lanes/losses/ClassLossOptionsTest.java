package dev.lanes.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.loss.NLLLoss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The options of CrossEntropyLoss and NLLLoss (weight, ignore_index, label_smoothing): how they are given and
 * printed, and the one-line errors for bad ones. Their numbers are checked against PyTorch in ClassLossParityTest.
 */
class ClassLossOptionsTest {

    private static final Tensor LOGITS = Tensor.of(new float[][] {{1f, 2f, 3f}, {0.5f, -1f, 2f}});

    @Test
    void registryOptionsAndConstructorsBuildTheSameLoss() {
        assertEquals("CrossEntropyLoss(label_smoothing=0.1)",
                Losses.create("crossentropy", Options.of("label_smoothing", 0.1)).toString());
        var viaRegistry = Losses.create("crossentropy", Options.of("reduction", "sum", "weight", "1, 2, 0.5",
                "ignore_index", 1, "label_smoothing", 0.2));
        var viaConstructor = new CrossEntropyLoss(Reduction.SUM, new float[] {1f, 2f, 0.5f}, 1, 0.2f);
        assertEquals("CrossEntropyLoss(reduction=sum, weight=[1.0, 2.0, 0.5], ignore_index=1, label_smoothing=0.2)",
                viaRegistry.toString());
        assertEquals(viaConstructor.toString(), viaRegistry.toString());
        Tensor target = Tensor.of(2f, 0f);
        assertEquals(viaConstructor.forward(LOGITS, target).item(), viaRegistry.forward(LOGITS, target).item());
        assertEquals("NLLLoss(weight=[1.0, 3.0, 1.0])",
                Losses.create("nll", Options.of("weight", "(1,3,1)")).toString());
    }

    @Test
    void withoutOptionsNothingChanges() {
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("NLLLoss(reduction=sum)", Losses.create("nll", Options.of("reduction", "sum")).toString());
        assertEquals(new CrossEntropyLoss().forward(LOGITS, Tensor.of(2f, 0f)).item(),
                new CrossEntropyLoss(Reduction.MEAN, null, -100, 0f).forward(LOGITS, Tensor.of(2f, 0f)).item());
    }

    @Test
    void theWeightIsCopied() {
        float[] weight = {1f, 2f, 3f};
        NLLLoss loss = new NLLLoss(Reduction.SUM, weight, -100);
        weight[0] = 100f;
        assertEquals(1f, loss.forward(LOGITS, Tensor.of(0f, 1f)).item()); // -(1·1) - (2·-1), not 100·1
    }

    @Test
    void badLabelSmoothingIsNamed() {
        for (float bad : new float[] {-0.1f, 1.5f, Float.NaN}) {
            fails(() -> new CrossEntropyLoss(Reduction.MEAN, null, -100, bad),
                    "CrossEntropyLoss: label_smoothing must be between 0 and 1, got " + bad);
        }
        fails(() -> Losses.create("crossentropy", Options.of("label_smoothing", "lots")),
                "crossentropy: option 'label_smoothing' must be a number, got 'lots'");
        fails(() -> Losses.create("nll", Options.of("label_smoothing", 0.1)),
                "nll: unknown option 'label_smoothing'; known options: reduction, weight, ignore_index");
    }

    @Test
    void badWeightsAreNamed() {
        fails(() -> new CrossEntropyLoss(Reduction.MEAN, new float[] {1f, -1f, 1f}, -100, 0f),
                "CrossEntropyLoss: weight[1] is -1.0; class weights must be finite and not negative");
        fails(() -> Losses.create("nll", Options.of("weight", "1,NaN,1")),
                "NLLLoss: weight[1] is NaN; class weights must be finite and not negative");
        fails(() -> new NLLLoss(Reduction.SUM, new float[] {Float.POSITIVE_INFINITY, 1f, 1f}, -100),
                "NLLLoss: weight[0] is Infinity; class weights must be finite and not negative");
        fails(() -> Losses.create("crossentropy", Options.of("weight", "1,x")),
                "crossentropy: option 'weight': entry 2 'x' is not a number");
        String wrongLength = "weight has 2 entries but the input has 3 classes; give one weight per class";
        fails(() -> new CrossEntropyLoss(Reduction.MEAN, new float[] {1f, 2f}, -100, 0f)
                .forward(LOGITS, Tensor.of(0f, 1f)), "CrossEntropyLoss: " + wrongLength);
        fails(() -> new CrossEntropyLoss(Reduction.MEAN, new float[] {1f, 2f}, -100, 0f)
                .lossAndGradient(LOGITS.toArray(), new float[] {0f, 1f}, new float[6], 2, 3),
                "CrossEntropyLoss: " + wrongLength);
        fails(() -> new NLLLoss(Reduction.MEAN, new float[] {1f, 2f}, -100).forward(LOGITS, Tensor.of(0f, 1f)),
                "NLLLoss: " + wrongLength);
    }

    @Test
    void targetsOutOfRangeAreNamedUnlessIgnored() {
        CrossEntropyLoss ignoresOne = new CrossEntropyLoss(Reduction.NONE, null, 1, 0.1f);
        assertEquals(0f, ignoresOne.forward(LOGITS, Tensor.of(1f, 2f)).toArray()[0]);
        fails(() -> ignoresOne.forward(LOGITS, Tensor.of(1f, -100f)), "CrossEntropyLoss: target class at flat "
                + "position 1 of shape [2] is -100.0, but it must be a whole number in [0, 3)");
        fails(() -> ignoresOne.lossAndGradient(LOGITS.toArray(), new float[] {3f, 1f}, new float[6], 2, 3),
                "CrossEntropyLoss: target class at flat position 0 of shape [2] is 3.0, but it must be a whole "
                        + "number in [0, 3)");
        assertEquals(0f, new NLLLoss(Reduction.SUM).forward(LOGITS, Tensor.of(-100f, -100f)).item());
        fails(() -> new NLLLoss().forward(LOGITS, Tensor.of(-1f, 0f)), "NLLLoss: target class at flat position 0 "
                + "of shape [2] is -1.0, but it must be a whole number in [0, 3)");
    }

    private static void fails(Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
