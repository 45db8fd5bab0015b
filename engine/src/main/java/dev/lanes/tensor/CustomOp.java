package dev.lanes.tensor;

/**
 * The one public hook for differentiable ops written outside this package (fused layers, losses, plugins):
 * wrap a result array as a tensor that remembers its inputs and a backward closure, exactly as the built-in
 * ops do. Inside the closure, {@link #gradOf} gives the buffer to <em>add</em> each input's gradient into.
 */
public final class CustomOp {

    private CustomOp() {
    }

    /** Adds the inputs' gradient shares (via {@link #gradOf}) given the gradient of the op's output. */
    @FunctionalInterface
    public interface Backward {
        void run(float[] gradOutput);
    }

    /**
     * A tensor over {@code data} (not copied) with {@code shape}; records a graph node named {@code name}
     * (e.g. {@code "LinearReluBackward"}) when grad mode is on and an input requires grad.
     */
    public static Tensor result(String name, float[] data, int[] shape, Backward backward, Tensor... inputs) {
        int n = Shapes.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException(name + ": " + data.length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + n + " elements)");
        }
        return Tensor.result(data, shape.clone(), name, backward, inputs);
    }

    /**
     * The buffer to add {@code input}'s gradient into, or {@code null} when it needs none. Only meaningful inside
     * a {@link Backward} closure of an op that has {@code input} among its inputs, or for a leaf such as a parameter,
     * whose {@code grad} it creates (zeros) when missing, as autograd would: a
     * {@link dev.lanes.nn.FusableNorm#backward} adds its parameters' gradients there.
     */
    public static float[] gradOf(Tensor input) {
        return Autograd.gradOf(input);
    }
}
