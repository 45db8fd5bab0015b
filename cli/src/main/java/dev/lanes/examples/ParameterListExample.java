package dev.lanes.examples;

import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.ParameterDict;
import dev.lanes.nn.ParameterList;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.io.PrintStream;
import java.util.Random;

/**
 * The seed's second program, hand-written: weights and biases in an {@code nn.ParameterList}, forward
 * {@code relu(mm(x, w[i]) + b[i])}; and the {@code nn.ParameterDict} variant the seed mentions, with the same
 * parameters by name. PyTorch:
 *
 * <pre>
 * self.w = torch.nn.ParameterList([torch.randint(0,2,size=(node[i],node[i+1]),dtype=torch.float32) ...])
 * self.b = torch.nn.ParameterList([torch.randint(0,2,size=(1,node[i]),dtype=torch.float32) ...])
 * def forward(self, input):
 *     x = torch.relu(torch.mm(input, self.w[0]) + self.b[0])
 *     for i in range(1, self.n - 1): x = torch.relu(torch.mm(x, self.w[i]) + self.b[i])
 * </pre>
 */
public final class ParameterListExample {

    /** Weights {@code [in, out]} and biases {@code [1, out]} in two ParameterLists (names {@code w.0}, {@code b.0}, ...). */
    public static final class BP extends Module {
        private final ParameterList w = registerModule("w", new ParameterList());
        private final ParameterList b = registerModule("b", new ParameterList());

        public BP(int[] node, Random rng) {
            for (int i = 0; i < node.length - 1; i++) {
                w.append(Tensor.randint(0, 2, rng, node[i], node[i + 1]));
                b.append(Tensor.randint(0, 2, rng, 1, node[i + 1]));
            }
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor x = input;
            for (int i = 0; i < w.size(); i++) {
                x = x.mm(w.get(i)).add(b.get(i)).relu();
            }
            return x;
        }
    }

    /** The same network with its parameters in one ParameterDict (names {@code params.w0}, {@code params.b0}, ...). */
    public static final class BPDict extends Module {
        private final ParameterDict params = registerModule("params", new ParameterDict());
        private final int layers;

        public BPDict(int[] node, Random rng) {
            layers = node.length - 1;
            for (int i = 0; i < layers; i++) {
                params.put("w" + i, Tensor.randint(0, 2, rng, node[i], node[i + 1]));
                params.put("b" + i, Tensor.randint(0, 2, rng, 1, node[i + 1]));
            }
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor x = input;
            for (int i = 0; i < layers; i++) {
                x = x.mm(params.get("w" + i)).add(params.get("b" + i)).relu();
            }
            return x;
        }
    }

    private ParameterListExample() {
    }

    /** Trains {@code bp} with Adam(lr=0.01) and MSELoss; returns the loss before each step. */
    static float[] train(PrintStream out, Module bp, Tensor traindata, Tensor labeldata, int steps) {
        Optimizer optimizer = new Adam(bp.parameters(), 0.01f);
        Loss lossFn = new MSELoss();
        out.println(bp);
        out.println("parameters: " + bp.namedParameters().keySet());
        float[] losses = new float[steps];
        for (int i = 0; i < steps; i++) {
            Tensor loss = lossFn.call(bp.call(traindata), labeldata);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            losses[i] = loss.item();
            out.println(loss);
        }
        return losses;
    }

    /** The ParameterList program then the ParameterDict one, on the same data; returns both loss curves. */
    public static float[][] run(PrintStream out, long seed, int steps) {
        Random rng = new Random(seed);
        Tensor traindata = Tensor.randint(0, 2, rng, 4, 2);
        Tensor labeldata = Tensor.randint(0, 2, rng, 4, 3);
        int[] node = {2, 2, 3};
        float[] list = train(out, new BP(node, new Random(seed + 1)), traindata, labeldata, steps);
        float[] dict = train(out, new BPDict(node, new Random(seed + 1)), traindata, labeldata, steps);
        return new float[][] {list, dict};
    }

    public static float[][] run(PrintStream out, long seed) {
        return run(out, seed, 10);
    }

    public static void main(String[] args) {
        run(System.out, 0);
    }
}
