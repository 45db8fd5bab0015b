package dev.lanes.usage.tensorloops;

import static dev.lanes.usage.tensorloops.ManualSgdUsageTest.assertAllClose;
import static dev.lanes.usage.tensorloops.ManualSgdUsageTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.io.SafeTensors;
import dev.lanes.io.StateDictFile;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Module;
import dev.lanes.nn.ParameterDict;
import dev.lanes.nn.ParameterList;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch user's {@code nn.Module} with an {@code nn.ParameterList} and an {@code nn.ParameterDict}, a
 * hand-written forward and a hand-written log-softmax (shifted by {@code max(-1, keepDim)}) and NLL
 * ({@code gather}), trained with Adam on {@code indexSelect} mini-batches: PyTorch's initial state dict loads under
 * PyTorch's names, the losses and final state follow PyTorch's, and the module saved with {@link StateDictFile} and
 * loaded into a fresh instance answers exactly as the trained one
 * ({@code tests/fixtures/usage/tensorloops/generate_tensor_loops.py}).
 */
class ParameterModuleAdamUsageTest {

    static final int BATCH = 16;

    /** {@code (relu(x @ w[0] + p.b0) @ w[-1] + p.b1) * p.gain}. */
    static final class Net extends Module {
        final ParameterList w = registerModule("w", new ParameterList());
        final ParameterDict p = registerModule("p", new ParameterDict());

        Net(int in, int hidden, int classes) {
            w.append(Tensor.zeros(in, hidden));
            w.append(Tensor.zeros(hidden, classes));
            p.put("b0", Tensor.zeros(1, hidden));
            p.put("b1", Tensor.zeros(classes));
            p.put("gain", Tensor.ones(classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x.mm(w.get(0)).add(p.get("b0")).relu();
            return h.mm(w.get(-1)).add(p.get("b1")).mul(p.get("gain"));
        }
    }

    static Tensor logSoftmaxByHand(Tensor z) {
        Tensor shifted = z.sub(z.max(-1, true));
        return shifted.sub(shifted.exp().sum(-1, true).log());
    }

    @Test
    void trainsAsPyTorchAndReloadsExactly(@TempDir Path dir) throws IOException {
        SafeTensors.Contents f = ManualSgdUsageTest.fixture("param_module_adam.safetensors");
        Tensor x = f.tensor("x");
        Tensor y = f.tensor("y");
        Tensor perm = f.tensor("perm");
        Net net = new Net(x.size(1), 8, 3);
        assertEquals(List.of("w.0", "w.1", "p.b0", "p.b1", "p.gain"), List.copyOf(net.stateDict().keySet()),
                "PyTorch's parameter names");
        net.loadStateDict(withPrefix(f, "init."));
        Optimizer optimizer = new Adam(net.parameters(), 0.01f);
        int step = 0;
        for (int epoch = 0; epoch < perm.size(0); epoch++) {
            Tensor order = perm.indexSelect(0, epoch).squeeze(0);
            for (int start = 0; start < x.size(0); start += BATCH, step++) {
                Tensor idx = order.narrow(0, start, BATCH);
                Tensor logp = logSoftmaxByHand(net.call(x.indexSelect(0, idx)));
                Tensor loss = logp.gather(1, y.indexSelect(0, idx).unsqueeze(1)).mean().neg();
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                assertClose(f.tensor("loss").get(step), loss.item(), "step " + step + " loss");
            }
        }
        Map<String, Tensor> finalState = withPrefix(f, "final.");
        net.stateDict().forEach((name, t) -> assertAllClose(finalState.get(name), t, "final " + name));

        Path file = dir.resolve("net.safetensors");
        StateDictFile.save(file, net);
        Net fresh = new Net(x.size(1), 8, 3);
        StateDictFile.load(file, fresh);
        try (var noGrad = GradMode.noGrad()) {
            Tensor trained = net.call(x);
            assertArrayEquals(trained.toArray(), fresh.call(x).toArray(), "reloaded module's outputs");
            assertAllClose(f.tensor("out"), trained, "outputs against PyTorch's");
        }
    }

    private static Map<String, Tensor> withPrefix(SafeTensors.Contents f, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        f.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
