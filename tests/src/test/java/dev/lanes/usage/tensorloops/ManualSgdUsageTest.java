package dev.lanes.usage.tensorloops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.io.SafeTensors;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.nn.functional.Functional;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PyTorch user's raw-tensor training loop, ported line for line: mini-batches picked with {@code indexSelect}
 * from each epoch's shuffled order, a classification head with a hand-written NLL ({@code gather} on the
 * log-softmax) checked against the library's cross-entropy, a regression head with a Huber loss built from
 * {@code where} and outliers dropped with {@code maskedFill}, the manual SGD step under no-grad, and accuracy from
 * {@code argmax}/{@code eq} and confidence from {@code max(dim)}. Every step's numbers and the final weights follow
 * PyTorch's ({@code tests/fixtures/usage/tensorloops/generate_tensor_loops.py}, same data, order and init).
 */
class ManualSgdUsageTest {

    static final int BATCH = 16;
    static final float LR = 0.1f;

    static SafeTensors.Contents fixture(String name) throws IOException {
        return SafeTensors.read(Path.of("fixtures", "usage", "tensorloops", name));
    }

    @Test
    void followsPyTorchStepByStep() throws IOException {
        SafeTensors.Contents f = fixture("manual_sgd.safetensors");
        Tensor x = f.tensor("x");
        Tensor y = f.tensor("y");
        Tensor t = f.tensor("t");
        Tensor perm = f.tensor("perm");
        Tensor w = f.tensor("init.W").copy().requiresGrad(true);
        Tensor b = f.tensor("init.b").copy().requiresGrad(true);
        Tensor v = f.tensor("init.V").copy().requiresGrad(true);
        Tensor c = f.tensor("init.c").copy().requiresGrad(true);
        List<Tensor> params = List.of(w, b, v, c);
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        int epochs = perm.size(0);
        int n = x.size(0);
        int step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor order = perm.indexSelect(0, epoch).squeeze(0);          // perm[epoch]
            for (int start = 0; start < n; start += BATCH, step++) {
                Tensor idx = order.narrow(0, start, BATCH);                // perm[epoch, start:start+BATCH]
                Tensor xb = x.indexSelect(0, idx);
                Tensor yb = y.indexSelect(0, idx);
                Tensor tb = t.indexSelect(0, idx);
                Tensor logits = xb.mm(w).add(b);
                Tensor nll = Functional.logSoftmax(logits, 1).gather(1, yb.unsqueeze(1)).mean().neg();
                Tensor ce = crossEntropy.call(logits, yb);
                Tensor err = xb.mm(v).add(c).sub(tb);
                Tensor outlier = tb.abs().gt(4f);
                Tensor huber = Tensor.where(err.abs().lt(1f), err.pow(2).mul(0.5f), err.abs().sub(0.5f));
                Tensor kept = outlier.eq(0f).sum();                          // (~outlier).float().sum()
                Tensor reg = huber.maskedFill(outlier, 0f).sum().div(kept);
                Tensor loss = nll.add(reg);
                loss.backward();
                float acc;
                float maxprob;
                try (var noGrad = GradMode.noGrad()) {
                    for (Tensor p : params) {
                        p.subInPlace(p.grad().mul(LR));
                        p.grad().fillInPlace(0f);                   // p.grad.zero_()
                    }
                    acc = logits.argmax(1).eq(yb).mean().item();
                    maxprob = Functional.softmax(logits, 1).max(1).mean().item();
                }
                String at = "step " + step;
                assertClose(f.tensor("loss").get(step), loss.item(), at + " loss");
                assertClose(f.tensor("nll").get(step), nll.item(), at + " hand-written NLL");
                assertClose(f.tensor("ce").get(step), ce.item(), at + " cross-entropy");
                assertClose(nll.item(), ce.item(), at + " hand-written NLL against the library's cross-entropy");
                assertEquals(f.tensor("acc").get(step), acc, at + " accuracy");
                assertClose(f.tensor("maxprob").get(step), maxprob, at + " mean top probability");
                assertEquals(f.tensor("kept").get(step), kept.item(), at + " rows kept by the mask");
            }
        }
        assertEquals(f.tensor("loss").numel(), step, "steps");
        assertAllClose(f.tensor("final.W"), w, "final W");
        assertAllClose(f.tensor("final.b"), b, "final b");
        assertAllClose(f.tensor("final.V"), v, "final V");
        assertAllClose(f.tensor("final.c"), c, "final c");
    }

    /** Float32 on both sides, summed in other orders: a few ulps per op over nine steps. */
    static void assertClose(float expected, float actual, String what) {
        assertEquals(expected, actual, 2e-5f * Math.max(1f, Math.abs(expected)), what);
    }

    static void assertAllClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        assertEquals(e.length, a.length, what + ": size");
        for (int i = 0; i < e.length; i++) {
            assertClose(e[i], a[i], what + " [" + i + "]");
        }
    }
}
