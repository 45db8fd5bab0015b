package dev.lanes.examples;

import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.SGD;
import dev.lanes.nn.Init;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.PrintStream;
import java.util.Random;

/**
 * The seed's first program: an {@code nn.Sequential} 3-10-6-4 (sigmoid, relu, sigmoid) trained with
 * {@code MSELoss} and {@code SGD(lr=0.1)} for 100 full-batch steps on normal(0, 10) data, then used to predict.
 * PyTorch's original (section 一 of the seed):
 *
 * <pre>
 * bp = nn.Sequential(nn.Linear(3,10), nn.Sigmoid(), nn.Linear(10,6), nn.ReLU(), nn.Linear(6,4), nn.Sigmoid())
 * Loss = nn.MSELoss(); optim = torch.optim.SGD(params=bp.parameters(), lr=0.1)
 * for i in range(100): yp = bp(data); loss = Loss(yp, label); optim.zero_grad(); loss.backward(); optim.step()
 * </pre>
 */
public final class SequentialExample {

    private SequentialExample() {
    }

    /** Runs the program, printing every tenth loss and the predictions; returns the loss before each step. */
    public static float[] run(PrintStream out, long seed) {
        Init.manualSeed(seed); // torch.manual_seed: the layers' initial weights
        Random rng = new Random(seed);
        Tensor data = Tensor.randn(rng, 10, 3).mul(10f); // np.random.normal(0, 10, size=(10, 3))
        Tensor label = Tensor.randn(rng, 10, 4).mul(10f);

        Sequential bp = Sequential.of(new Linear(3, 10), new Sigmoid(), new Linear(10, 6), new ReLU(),
                new Linear(6, 4), new Sigmoid());
        Loss lossFn = new MSELoss();
        Optimizer optim = new SGD(bp.parameters(), 0.1f);
        out.println(bp);

        float[] losses = new float[100];
        for (int i = 0; i < losses.length; i++) {
            Tensor yp = bp.call(data);
            Tensor loss = lossFn.call(yp, label);
            optim.zeroGrad();
            loss.backward();
            optim.step();
            losses[i] = loss.item();
            if (i % 10 == 0 || i == losses.length - 1) {
                out.printf("step %3d  loss %.4f%n", i, losses[i]);
            }
        }
        try (var scope = GradMode.noGrad()) { // predicting needs no graph
            out.println("predictions:\n" + bp.forward(data));
        }
        return losses;
    }

    public static void main(String[] args) {
        run(System.out, 0);
    }
}
