package dev.lanes.bench.workloads;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;

/**
 * W7's training loop: an MLP with BatchNorm1d and LayerNorm ({@link Nets#NORM_MNIST}, {@link Nets#NORM_DIGITS}),
 * CrossEntropyLoss, Adam lr 1e-3, one fixed batch. Every {@value #RESTART_STEPS} steps training starts again from
 * the same fresh weights and a fresh Adam, inside the timed step, as on the PyTorch side: on one batch the loss
 * reaches 0 within ~20000 steps (PyTorch, 64-128-64-10), after which Adam's moments decay through subnormal floats
 * (W4 measured such a run 3x slower), and JMH's seconds would be many more steps than PyTorch's.
 */
final class NormMlpTraining {

    static final int RESTART_STEPS = 1000;
    private static final long SEED = 0;

    private final String spec;
    private final String requestedPath;
    private TrainingPath step;
    private String ranPath;
    private int steps;

    /** {@code path}: autograd, trainstep or auto ({@link TrainingPath#resolve}). */
    NormMlpTraining(String spec, String path) {
        this.spec = spec;
        this.requestedPath = path;
        restart();
    }

    /** One step (forward, loss, zero_grad, backward, Adam step) on the batch; returns the loss before the update. */
    float step(Tensor x, Tensor y) {
        if (++steps > RESTART_STEPS) {
            restart();
            steps = 1;
        }
        return step.step(x, y);
    }

    /** The path that runs: autograd or trainstep. */
    String ranPath() {
        return ranPath;
    }

    private void restart() {
        Sequential net = Nets.build(spec, SEED);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Adam adam = new Adam(net.parameters(), 1e-3f);
        ranPath = TrainingPath.resolve(requestedPath, net, lossFn, adam);
        step = TrainingPath.of(ranPath, net, lossFn, adam);
    }
}
