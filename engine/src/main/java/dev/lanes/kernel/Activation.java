package dev.lanes.kernel;

/**
 * The activations the fused linear kernel knows, with their scalar definitions.
 *
 * <p>The scalar methods are the reference every kernel implementation is tested against. Most derivatives
 * are computed from the activation's output {@code y}, so forward need not keep the pre-activation; only
 * {@link #GELU}, {@link #GELU_ERF} and {@link #SILU} need the pre-activation {@code z}
 * ({@link #needsPreActivation()}).
 */
public enum Activation {
    IDENTITY,
    RELU,
    SIGMOID,
    TANH,
    /** {@code z > 0 ? z : alpha * z}; the derivative is read from the output, so {@code alpha} must be {@code >= 0}. */
    LEAKY_RELU,
    /** GELU in PyTorch's {@code approximate='tanh'} form. */
    GELU,
    /** GELU with the error function, {@code z·Φ(z)}: PyTorch's default {@code nn.GELU()} ({@code approximate='none'}). */
    GELU_ERF,
    /** SiLU (swish), {@code z·sigmoid(z)}: PyTorch's {@code nn.SiLU}. Its derivative needs {@code z}. */
    SILU,
    /**
     * {@code z > 0 ? z : alpha·(exp(z) - 1)}, PyTorch's {@code nn.ELU}. The derivative is read from the output
     * ({@code y + alpha} where {@code y <= 0}), so {@code alpha} must be {@code >= 0}, as for {@link #LEAKY_RELU}.
     */
    ELU;

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_CUBIC = 0.044715f;
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * The GELU of PyTorch's {@code approximate} argument: {@code "none"} {@link #GELU_ERF}, {@code "tanh"}
     * {@link #GELU}.
     */
    public static Activation gelu(String approximate) {
        return switch (approximate) {
            case "none" -> GELU_ERF;
            case "tanh" -> GELU;
            case null, default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got "
                    + (approximate == null ? "null" : "'" + approximate + "'"));
        };
    }

    /** True when the derivative needs the pre-activation {@code z}, not only the output {@code y}. */
    public boolean needsPreActivation() {
        return this == GELU || this == GELU_ERF || this == SILU;
    }

    /**
     * y = act(z). {@code alpha} is the negative slope of {@link #LEAKY_RELU}, the negative saturation of
     * {@link #ELU}, and ignored otherwise.
     */
    public float apply(float z, float alpha) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> z <= 0f ? 0f : z; // NaN stays NaN, as in PyTorch (z > 0 ? z : 0 would hide it)
            case SIGMOID -> sigmoid(z);
            case TANH -> (float) Math.tanh(z);
            case LEAKY_RELU -> z > 0f ? z : alpha * z;
            case GELU -> 0.5f * z * (1f + (float) Math.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
            case GELU_ERF -> (float) (0.5 * z * erfc(-z * SQRT_HALF));
            case SILU -> z * sigmoid(z);
            case ELU -> z > 0f ? z : (float) (alpha * Math.expm1(z)); // expm1: exact near 0, where exp(z) - 1 cancels
        };
    }

    /** dy/dz, from the output {@code y} and (for the GELUs and SiLU only) the pre-activation {@code z}. */
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
            case GELU_ERF -> (float) (0.5 * erfc(-z * SQRT_HALF) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z));
            case SILU -> {
                float s = sigmoid(z);
                yield s * (1f + z * (1f - s)); // d(z·s)/dz = s + z·s·(1 - s)
            }
            case ELU -> y > 0f ? 1f : y + alpha; // alpha·exp(z) = y + alpha where z <= 0
        };
    }

    /**
     * The complementary error function to a relative error below 1.1e-7 for every x (Numerical Recipes' erfcc, a
     * Chebyshev fit): accurate for the tiny values GELU's negative side needs, where 1 - erf(x) would cancel. In
     * double; the vector kernel evaluates the same formula in float.
     */
    public static double erfc(double x) {
        double a = Math.abs(x);
        double t = 1 / (1 + 0.5 * a);
        double p = -0.82215223 + t * 0.17087277;
        p = 1.48851587 + t * p;
        p = -1.13520398 + t * p;
        p = 0.27886807 + t * p;
        p = -0.18628806 + t * p;
        p = 0.09678418 + t * p;
        p = 0.37409196 + t * p;
        p = 1.00002368 + t * p;
        double r = t * Math.exp(-a * a - 1.26551223 + t * p);
        return x >= 0 ? r : 2 - r;
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
