package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.Dataset;
import dev.lanes.io.ModelFile;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code train --loss SPEC}: options in the model-spec grammar, their errors, the checkpoint and the result. */
class TrainLossOptionsTest {

    private static final String NET = "64-16-10:relu,none";
    /** One weight per digit class of the bundled data; 8 and 9 count more, 0 less. */
    private static final double[] WEIGHT = {0.5, 1, 1, 1, 1, 1, 1, 1, 2, 3};
    private static final String WEIGHTED = "crossentropy(weight=[0.5,1,1,1,1,1,1,1,2,3],label_smoothing=0.1)";

    @TempDir
    Path dir;

    /**
     * The test loss printed after training with class weights and label smoothing is PyTorch's
     * {@code cross_entropy(logits, y, weight, label_smoothing=0.1)} of the saved model on the held-out rows, computed
     * here in double: per row {@code (1-ε)·w[y]·(-logp[y]) + ε/C·Σ_c w[c]·(-logp[c])}, summed over rows and divided
     * by {@code Σ w[y]} (the formula checked against torch 2 on random logits).
     */
    @Test
    void weightedSmoothedTrainingPrintsPyTorchsLoss() throws Exception {
        Path model = dir.resolve("m.safetensors");
        CliRun r = CliRun.of("train", "--model", NET, "--epochs", "2", "--loss", WEIGHTED, "--out", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("loss CrossEntropyLoss(weight=[0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0],"
                + " label_smoothing=0.1), optimizer"), r::toString);
        Matcher printed = Pattern.compile("test loss (\\d+\\.\\d{4}), 2 epochs").matcher(r.out());
        assertTrue(printed.find(), r::toString);

        Dataset heldOut = DataFiles.load(null, null, null, false).split(0.2, 0)[1];
        ModelFile.Loaded loaded = ModelFile.load(model, null);
        loaded.model().eval();
        float[][] logits;
        try (var noGrad = GradMode.noGrad()) {
            logits = loaded.model().forward(Tensor.of(heldOut.features(), heldOut.rows(), heldOut.cols())).toArray2d();
        }
        double expected = referenceLoss(logits, heldOut.labels(), WEIGHT, 0.1);
        assertEquals(expected, Double.parseDouble(printed.group(1)), 5e-5, r::toString);
    }

    private static double referenceLoss(float[][] logits, int[] labels, double[] weight, double smoothing) {
        int classes = weight.length;
        double sum = 0;
        double weightSum = 0;
        for (int n = 0; n < logits.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[n]) {
                max = Math.max(max, v);
            }
            double exps = 0;
            for (float v : logits[n]) {
                exps += Math.exp(v - max);
            }
            double logSum = max + Math.log(exps);
            double smooth = 0;
            for (int c = 0; c < classes; c++) {
                smooth += weight[c] * (logSum - logits[n][c]);
            }
            int y = labels[n];
            sum += (1 - smoothing) * weight[y] * (logSum - logits[n][y]) + smoothing / classes * smooth;
            weightSum += weight[y];
        }
        return sum / weightSum;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "crossentropy(foo=1)|--loss: bad loss spec at column 14: crossentropy has no option 'foo'; its options:"
                + " [reduction, weight, ignore_index, label_smoothing]",
        "crossentropy(label_smoothing=x)|--loss: crossentropy: option 'label_smoothing' must be a number, got 'x'",
        "crossentropy(label_smoothing=1.5)|label_smoothing must be between 0 and 1, got 1.5",
        "crossentropy(ignore_index=1.5)|--loss: crossentropy: option 'ignore_index' must be an integer, got '1.5'",
        "nll(weight=[1,-2,1,1,1,1,1,1,1,1])|--loss: NLLLoss: weight[1] is -2.0; class weights must be finite and not"
                + " negative",
        "crossentropy(weight=[1,2,x])|--loss: crossentropy: option 'weight': entry 3 'x' is not a number",
        "crossentropy(weight=[])|--loss: crossentropy: option 'weight' must be a list of numbers, got '[]'",
        "crossentropy(weight=[1,2)|--loss: bad loss spec at column 25: ')' before the '[' at column 21 is closed",
        "crossentropy(weight=[1,2]|--loss: bad loss spec at column 13: '(' is never closed: missing ')'",
        "crossentropy (weight=[1])|--loss: bad loss spec at column 14: one loss expected",
        "crossentropy(reduction=none)|--loss crossentropy(reduction=none): reduction=none gives one loss per row,"
                + " which training cannot minimize",
        "mse(reduction=avg)|--loss: reduction must be one of mean, sum, none; got 'avg'",
        "crossentropy(weight=[1,2,3])|--loss crossentropy(weight=[1,2,3]): weight has 3 entries but digits.csv"
                + " (bundled) has 10 classes; give one weight per class",
    })
    void eachBadLossIsOneLineNamingTheOptionBeforeTraining(String loss, String message) {
        CliRun r = CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--loss", loss);
        assertTrue(r.err().contains(message), r::toString);
        assertFalse(r.out().contains("epoch 1"), r::toString);
    }

    private static final String WINE = "src/test/resources/data/wine.csv";

    /**
     * A loss whose targets do not fit the data, or whose input the model's last layer cannot give, is one line
     * naming --loss, the loss and why, before anything is printed (the loss alone fails at the first batch, or for
     * nll on logits not at all: the loss runs towards minus infinity).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "64-16-10:relu,none|-|bce|--loss bce takes probabilities in [0, 1], but --model '64-16-10:relu,none' ends in"
                + " Linear(in_features=16, out_features=10, bias=True), which gives any real number; end the model"
                + " with sigmoid, or use --loss bcewithlogits (on logits)",
        "64-16-10:relu,relu|-|bce(reduction=sum)|--loss bce(reduction=sum) takes probabilities in [0, 1], but --model"
                + " '64-16-10:relu,relu' ends in ReLU(), which gives any real number",
        "64-16-10:relu,none|-|nll|--loss nll takes log-probabilities, but --model '64-16-10:relu,none' ends in"
                + " Linear(in_features=16, out_features=10, bias=True), which gives any real number; end the model"
                + " with logsoftmax, or use --loss crossentropy (on logits)",
        "64-16-10:relu,softmax|-|nll|--loss nll takes log-probabilities, but --model '64-16-10:relu,softmax' ends in"
                + " Softmax(dim=-1), which gives probabilities in [0, 1]",
        "13-8-1:relu,none|" + WINE + "|crossentropy|--loss crossentropy needs class labels, but the target"
                + " 'cultivar' of " + WINE + " is a regression value (--regression); use --loss mse or l1",
        "13-8-1:relu,sigmoid|" + WINE + "|bce|--loss bce needs targets between 0 and 1, but the target 'cultivar' of "
                + WINE + " goes from 0.0 to 2.0; scale it into [0, 1], or use --loss mse or l1",
        "13-8-1:relu,none|" + WINE + "|bcewithlogits|--loss bcewithlogits needs targets between 0 and 1",
    })
    void aLossThatDoesNotFitTheDataOrTheModelFailsBeforeTraining(String model, String data, String loss,
            String message) {
        CliRun r = data.equals("-")
                ? CliRun.failsInOneLine("train", "--model", model, "--epochs", "1", "--loss", loss)
                : CliRun.failsInOneLine("train", "--data", data, "--regression", "--model", model, "--epochs", "1",
                        "--loss", loss);
        assertTrue(r.err().startsWith("lanes train: " + message), r::toString);
        assertEquals("", r.out(), "nothing printed before the error");
    }

    /** The models those losses do fit train: the check refuses no working combination. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "64-16-10:relu,sigmoid|bce", "64-16-10:relu,softmax|bce", "64-16-10:relu,logsoftmax|nll",
        "64-16-10:relu,none|bcewithlogits", "64-16-10:relu,none|mse",
    })
    void lossesThatFitTheirModelTrain(String model, String loss) {
        CliRun r = CliRun.of("train", "--model", model, "--epochs", "1", "--loss", loss);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("1 epoch in"), r::toString);
    }

    @Test
    void theCheckpointRecordsTheOptionsAndResumeComparesThem() {
        Path checkpoint = dir.resolve("ckpt.safetensors");
        CliRun first = CliRun.of("train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1", "--checkpoint",
                checkpoint.toString(), "--loss", "crossentropy(label_smoothing=0.1,ignore_index=3)");
        assertEquals(0, first.exitCode(), first::toString);

        // the same loss written differently: case, spaces, option order, 0.10 for 0.1
        CliRun same = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "2", "--loss",
                " CrossEntropy( ignore_index = 3, label_smoothing=0.10 )");
        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.out().contains("loss CrossEntropyLoss(ignore_index=3, label_smoothing=0.1), optimizer"),
                same::toString);
        assertTrue(same.out().contains("resuming after epoch 1"), same::toString);

        CliRun left = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "2");
        assertEquals(0, left.exitCode(), left::toString);
        assertTrue(left.out().contains("loss CrossEntropyLoss(ignore_index=3, label_smoothing=0.1)"), left::toString);

        CliRun other = CliRun.failsInOneLine("train", "--resume", checkpoint.toString(), "--epochs", "2", "--loss",
                "crossentropy(label_smoothing=0.2,ignore_index=3)");
        assertTrue(other.err().contains("--loss crossentropy(ignore_index=3,label_smoothing=0.2) differs from the"
                + " checkpoint " + checkpoint + ", which was trained with --loss"
                + " crossentropy(ignore_index=3,label_smoothing=0.1) (label_smoothing differs)"), other::toString);

        CliRun without = CliRun.failsInOneLine("train", "--resume", checkpoint.toString(), "--epochs", "2", "--loss",
                "crossentropy");
        assertTrue(without.err().contains("(ignore_index, label_smoothing differ)"), without::toString);
    }

    @Test
    void aCheckpointWithABadRecordedLossBlamesTheFile() throws Exception {
        Path checkpoint = dir.resolve("ckpt.safetensors");
        assertEquals(0, CliRun.of("train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1",
                "--checkpoint", checkpoint.toString()).exitCode());
        var c = dev.lanes.io.SafeTensors.read(checkpoint);
        var meta = new java.util.LinkedHashMap<>(c.metadata());
        meta.put("lanes.train.loss", "crossentropy(label_smoothing=7)");
        dev.lanes.io.SafeTensors.write(checkpoint, c.tensors(), meta);
        CliRun r = CliRun.failsInOneLine("train", "--resume", checkpoint.toString(), "--epochs", "2");
        assertTrue(r.err().contains(checkpoint + ": bad checkpoint file: lanes.train.loss: CrossEntropyLoss:"
                + " label_smoothing must be between 0 and 1, got 7.0"), r::toString);
    }
}
