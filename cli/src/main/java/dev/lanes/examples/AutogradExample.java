package dev.lanes.examples;

import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seed's third program: a 2-2-3 BP network written with raw tensors and autograd — forward with
 * {@code mm} + bias + {@code relu}, loss {@code (yp - y).pow(2).sum()}, {@code backward()}, and a manual
 * gradient step on the leaves. PyTorch's original (section 三 of the seed):
 *
 * <pre>
 * yp = self.forward(self.traindata); loss = (yp - y).pow(2).sum(); loss.backward()
 * self.w[i].data -= self.lr * self.w[i].grad.data
 * </pre>
 */
public final class AutogradExample {

    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();

    /**
     * Weights {@code [in, out]} and biases {@code [1, out]}, uniform in [0, 1), requiring grad. The seed draws
     * them with {@code torch.randint(0, 1, ...)}, which is all zeros: with ReLU's derivative 0 at 0 such a net
     * never leaves its start (in PyTorch too), so this example starts from small random values instead.
     */
    public AutogradExample(int[] nodes, Random rng) {
        for (int i = 0; i < nodes.length - 1; i++) {
            weights.add(Tensor.rand(rng, nodes[i], nodes[i + 1]).requiresGrad(true));
            biases.add(Tensor.rand(rng, 1, nodes[i + 1]).requiresGrad(true));
        }
    }

    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < weights.size(); i++) {
            x = x.mm(weights.get(i)).add(biases.get(i)).relu();
        }
        return x;
    }

    public static Tensor loss(Tensor yp, Tensor y) {
        return yp.sub(y).pow(2).sum();
    }

    /** Trains for {@code epochs} full-batch steps; returns the loss before each step. */
    public float[] train(Tensor data, Tensor labels, int epochs, float lr) {
        float[] losses = new float[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor loss = loss(forward(data), labels);
            losses[epoch] = loss.item();
            loss.backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : parameters()) {
                    p.subInPlace(p.grad().mul(lr));
                    // The seed never zeroes .grad, so its steps sum every past gradient and oscillate; zeroing
                    // here is plain gradient descent, which is what the seed means to show.
                    p.zeroGrad();
                }
            }
        }
        return losses;
    }

    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(weights);
        all.addAll(biases);
        return all;
    }

    public static void run(PrintStream out, long seed) {
        Random rng = new Random(seed);
        Tensor data = Tensor.randint(0, 5, rng, 10, 2);
        Tensor labels = Tensor.randint(0, 5, rng, 10, 3);
        AutogradExample bp = new AutogradExample(new int[] {2, 2, 3}, rng);
        int epochs = 10_000;
        float[] losses = bp.train(data, labels, epochs, 0.01f);
        for (int epoch = 0; epoch < epochs; epoch += epochs / 10) {
            out.printf("epoch %5d  loss %.4f%n", epoch, losses[epoch]);
        }
        out.printf("epoch %5d  loss %.4f%n", epochs - 1, losses[epochs - 1]);
        try (var scope = GradMode.noGrad()) {
            out.println("labels:\n" + labels);
            out.println("predictions:\n" + bp.forward(data));
        }
    }

    public static void main(String[] args) {
        run(System.out, 0);
    }
}
