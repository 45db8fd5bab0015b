package dev.lanes.kernel;

/**
 * The activations the fused linear kernel knows, with their scalar definitions.
 *
 * <p>The scalar methods are the reference every kernel implementation is tested against. Most derivatives
 * are computed from the activation's output {@code y}, so forward need not keep the pre-activation; only
 * {@link #GELU} needs the pre-activation {@code z} ({@link #needsPreActivation()}).
 */
public enum Activation {
    IDENTITY,
    RELU,
    SIGMOID,
    TANH,
    /** {@code z > 0 ? z : alpha * z}; the derivative is read from the output, so {@code alpha} must be {@code >= 0}. */
    LEAKY_RELU,
    /** GELU in PyTorch's {@code approximate='tanh'} form. */
    GELU;

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_CUBIC = 0.044715f;

    /** True when the derivative needs the pre-activation {@code z}, not only the output {@code y}. */
    public boolean needsPreActivation() {
        return this == GELU;
    }

    /** y = act(z). {@code alpha} is the negative slope of {@link #LEAKY_RELU} and ignored otherwise. */
    public float apply(float z, float alpha) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> z <= 0f ? 0f : z; // NaN stays NaN, as in PyTorch (z > 0 ? z : 0 would hide it)
            case SIGMOID -> sigmoid(z);
            case TANH -> (float) Math.tanh(z);
            case LEAKY_RELU -> z > 0f ? z : alpha * z;
            case GELU -> 0.5f * z * (1f + (float) Math.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
        };
    }

    /** dy/dz, from the output {@code y} and (for {@link #GELU} only) the pre-activation {@code z}. */
    public float derivative(float z, float y, float alpha) {
        return switch (this) {
            case IDENTITY -> 1f;
            case RELU -> y > 0f ? 1f : 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case LEAKY_RELU -> y > 0f ? 1f : alpha;
            case GELU -> {
                float inner = SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z);
                float t = (float) Math.tanh(inner);
                float dInner = SQRT_2_OVER_PI * (1f + 3f * GELU_CUBIC * z * z);
                yield 0.5f * (1f + t) + 0.5f * z * (1f - t * t) * dInner;
            }
        };
    }

    /** The logistic function, written so that it neither overflows nor loses precision for large |z|. */
    public static float sigmoid(float z) {
        if (z >= 0f) {
            return 1f / (1f + (float) Math.exp(-z));
        }
        float e = (float) Math.exp(z);
        return e / (1f + e);
    }
}
