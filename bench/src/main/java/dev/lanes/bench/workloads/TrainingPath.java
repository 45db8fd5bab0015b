package dev.lanes.bench.workloads;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.Tensor;

/**
 * The two ways Lanes runs a training step of a Sequential: {@code autograd} (forward, loss, zeroGrad, backward,
 * step — what PyTorch code translated line by line does) and {@code trainstep} ({@link TrainStep}: the same
 * numbers without tensors or a graph, what the Lanes trainer runs when the model allows it).
 */
interface TrainingPath {

    /** Trains on one batch; returns the loss before the update. */
    float step(Tensor x, Tensor y);

    /**
     * {@code auto} becomes the path a training loop written against the public API takes: {@code trainstep} when
     * {@link TrainStep#of} plans the model, else {@code autograd}; any other path is returned as it is.
     */
    static String resolve(String path, Sequential net, Loss lossFn, Optimizer optimizer) {
        if (!path.equals("auto")) {
            return path;
        }
        return TrainStep.of(net, lossFn, optimizer).isPresent() ? "trainstep" : "autograd";
    }

    static TrainingPath of(String path, Sequential net, Loss lossFn, Optimizer optimizer) {
        return switch (path) {
            case "autograd" -> {
                AutogradStep step = new AutogradStep(net, lossFn, optimizer);
                yield (x, y) -> step.run(x, y).item();
            }
            case "trainstep" -> {
                TrainStep step = TrainStep.of(net, lossFn, optimizer).orElseThrow(() -> new IllegalStateException(
                        "TrainStep has no fused plan for " + net + " with " + lossFn));
                yield (x, y) -> step.step(x.storage(), y.storage(), x.size(0));
            }
            case "auto" -> of(resolve(path, net, lossFn, optimizer), net, lossFn, optimizer);
            default -> throw new IllegalArgumentException("path must be autograd, trainstep or auto, got " + path);
        };
    }
}
