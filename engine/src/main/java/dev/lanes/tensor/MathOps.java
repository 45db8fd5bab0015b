package dev.lanes.tensor;

/**
 * Unary math beyond the activations — abs, sqrt, clamp — on one shared loop: each op is its value and its
 * derivative (from the input x and the output y), with PyTorch's conventions at the kinks: the gradient of abs at 0
 * is 0, and clamp passes the gradient where min <= x <= max.
 */
final class MathOps {

    /** y = f(x) and dy/dx from x and y. */
    interface Unary {
        float value(float x);

        float derivative(float x, float y);
    }

    static final Unary ABS = new Unary() {
        public float value(float x) {
            return Math.abs(x);
        }

        public float derivative(float x, float y) {
            return Math.signum(x); // 0 at 0, as PyTorch's sgn
        }
    };

    static final Unary SQRT = new Unary() {
        public float value(float x) {
            return (float) Math.sqrt(x);
        }

        public float derivative(float x, float y) {
            return 0.5f / y; // +inf at 0, as PyTorch
        }
    };

    private MathOps() {
    }

    static Unary clamp(float min, float max) {
        return new Unary() {
            public float value(float x) {
                return x < min ? min : x > max ? max : x; // NaN stays NaN
            }

            public float derivative(float x, float y) {
                return x >= min && x <= max ? 1f : 0f;
            }
        };
    }

    static Tensor unary(Tensor a, Unary op, String backwardName) {
        float[] x = a.data;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = op.value(x[i]);
        }
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, a.shapeRef());
        }
        return Tensor.recorded(out, a.shapeRef(), new Node(backwardName, Node.Saved.ALL, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i] * op.derivative(x[i], out[i]);
                }
            }
        });
    }
}
