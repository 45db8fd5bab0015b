package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/**
 * Helpers for parameters. In Lanes a parameter is a plain leaf {@link Tensor} with {@code requiresGrad(true)}
 * (optimizers take {@code Iterable<Tensor>}); this class only builds and describes them.
 */
public final class Parameter {

    private Parameter() {
    }

    /**
     * {@code nn.Parameter(t)}: a leaf sharing {@code values}' data that requires grad. A tensor produced by an
     * op is detached first.
     */
    public static Tensor of(Tensor values) {
        return (values.isLeaf() ? values : values.detach()).requiresGrad(true);
    }

    /** PyTorch's one-line description, e.g. {@code Parameter containing: [float32 of size 2x3]}. */
    public static String describe(Tensor p) {
        String size = p.dim() == 0 ? "" : " of size " + String.join("x",
                Arrays.stream(p.shape()).mapToObj(String::valueOf).toList());
        return "Parameter containing: [float32" + size + "]";
    }
}
