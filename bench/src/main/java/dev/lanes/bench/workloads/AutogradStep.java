package dev.lanes.bench.workloads;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;

/** One training step the way PyTorch code writes it: forward, loss, zero_grad, backward, step. */
record AutogradStep(Module net, Loss lossFn, Optimizer optimizer) {

    /** Trains on one batch; returns the loss tensor (before the update). */
    Tensor run(Tensor x, Tensor y) {
        Tensor loss = lossFn.call(net.call(x), y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        return loss;
    }
}
