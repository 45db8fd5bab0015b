package dev.lanes.examples;

import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Init;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * The seed's second program: a {@code BP(nn.Module)} whose constructor builds a Sequential from a node list
 * {@code [2, 2, 3]} and an activation list, trained with {@code Adam(lr=0.01)} and {@code MSELoss}. PyTorch:
 *
 * <pre>
 * class BP(nn.Module):
 *     def __init__(self, node, act):
 *         super().__init__(); self.model = nn.Sequential()
 *         for i in range(len(node) - 1):
 *             self.model.append(nn.Linear(node[i], node[i+1])); self.model.append(act[i])
 *     def forward(self, input): return self.model(input)
 * </pre>
 */
public final class ModuleExample {

    /** The seed's {@code BP} module. */
    public static final class BP extends Module {
        private final Sequential model;

        public BP(int[] node, List<Module> act) {
            model = registerModule("model", new Sequential());
            for (int i = 0; i < node.length - 1; i++) {
                model.append(new Linear(node[i], node[i + 1]));
                model.append(act.get(i));
            }
        }

        @Override
        public Tensor forward(Tensor input) {
            return model.call(input);
        }
    }

    private ModuleExample() {
    }

    /** Runs the program for {@code steps} Adam steps (the seed takes 10); returns the loss before each step. */
    public static float[] run(PrintStream out, long seed, int steps) {
        Init.manualSeed(seed);
        Random rng = new Random(seed);
        BP bp = new BP(new int[] {2, 2, 3}, List.of(new ReLU(), new Sigmoid(), new ReLU()));
        Tensor traindata = Tensor.randint(0, 2, rng, 4, 2);
        Tensor labeldata = Tensor.randint(0, 2, rng, 4, 3);
        Optimizer optimizer = new Adam(bp.parameters(), 0.01f);
        Loss lossFn = new MSELoss();
        out.println(bp);
        float[] losses = new float[steps];
        for (int i = 0; i < steps; i++) {
            Tensor yp = bp.call(traindata);
            Tensor loss = lossFn.call(yp, labeldata);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            losses[i] = loss.item();
            out.println(loss);
        }
        return losses;
    }

    public static float[] run(PrintStream out, long seed) {
        return run(out, seed, 10);
    }

    public static void main(String[] args) {
        run(System.out, 0);
    }
}
