package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code torch.nn.init}: fills an existing tensor (usually a parameter) in place and returns it. Each
 * method draws from the given generator, or from {@link Init#defaultGenerator()} when there is none or it is
 * {@code null} (PyTorch's {@code generator=None}). The values are PyTorch's distributions with PyTorch's bounds and
 * standard deviations, not its exact numbers (the generators differ).
 *
 * <p>Values are written through {@link Tensor#storage()}, as {@code torch.no_grad()} would: a parameter that requires
 * grad stays a leaf with no graph node, and its version counter is bumped ({@link Tensor#markModified()}), so a graph
 * that saved the old values refuses to run backward instead of computing a wrong gradient.
 */
public final class Initializers {

    private static final System.Logger LOG = System.getLogger("dev.lanes.nn");

    /** The names {@link #calculateGain} knows, in PyTorch's order; the first seven have gain 1. */
    private static final String[] NONLINEARITIES = {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
            "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"};
    private static final double DEFAULT_LEAKY_SLOPE = 0.01;

    private Initializers() {
    }

    /** A weight's fan-in and fan-out: {@code [out, in, k...]} gives {@code in·∏k} and {@code out·∏k}. */
    public record Fans(long fanIn, long fanOut) {
    }

    // ------------------------------------------------------------------ gain and fans

    /** PyTorch's {@code nn.init.calculate_gain(nonlinearity)}; leaky_relu's negative slope is then 0.01. */
    public static double calculateGain(String nonlinearity) {
        return gain("calculateGain", nonlinearity, DEFAULT_LEAKY_SLOPE);
    }

    /**
     * PyTorch's {@code nn.init.calculate_gain(nonlinearity, param)}: 1 for linear, the conv names and sigmoid, 5/3 for
     * tanh, √2 for relu, √(2 / (1 + param²)) for leaky_relu (param the negative slope), 3/4 for selu. {@code param}
     * is read by leaky_relu only.
     */
    public static double calculateGain(String nonlinearity, double param) {
        return gain("calculateGain", nonlinearity, param);
    }

    private static double gain(String op, String nonlinearity, double leakySlope) {
        String name = nonlinearity == null ? "null" : nonlinearity;
        return switch (name) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                if (!Double.isFinite(leakySlope)) {
                    throw new IllegalArgumentException(op + ": negative_slope " + leakySlope
                            + " of leaky_relu is not a valid number");
                }
                yield Math.sqrt(2.0 / (1 + leakySlope * leakySlope));
            }
            case "selu" -> 3.0 / 4; // PyTorch's empirical value (pytorch/pytorch#50664)
            default -> throw new IllegalArgumentException(op + ": unsupported nonlinearity '" + name
                    + "'; expected one of " + String.join(", ", NONLINEARITIES));
        };
    }

    /**
     * PyTorch's {@code nn.init._calculate_fan_in_and_fan_out}: for {@code [out, in, k1, k2, ...]}, fan-in is
     * {@code in·k1·k2·…} and fan-out {@code out·k1·k2·…}. Refuses a tensor with fewer than 2 dimensions.
     */
    public static Fans calculateFanInAndFanOut(Tensor t) {
        return fans("calculateFanInAndFanOut", t);
    }

    private static Fans fans(String op, Tensor t) {
        int[] shape = t.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out can not be computed for a tensor with "
                    + "fewer than 2 dimensions (shape " + Arrays.toString(shape) + ")");
        }
        long receptiveField = 1;
        for (int d = 2; d < shape.length; d++) {
            receptiveField *= shape[d];
        }
        return new Fans(shape[1] * receptiveField, shape[0] * receptiveField);
    }

    // ------------------------------------------------------------------ plain distributions

    /** PyTorch's {@code nn.init.uniform_(t, a, b)}: U(a, b) from the default generator. */
    public static Tensor uniform(Tensor t, double a, double b) {
        return uniform(t, a, b, null);
    }

    /** PyTorch's {@code nn.init.uniform_(t, a, b, generator)}: U(a, b); refuses a > b. */
    public static Tensor uniform(Tensor t, double a, double b, RandomGenerator rng) {
        return fillUniform("uniform", t, a, b, rng);
    }

    /** PyTorch's {@code nn.init.normal_(t, mean, std)}: N(mean, std²) from the default generator. */
    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, null);
    }

    /** PyTorch's {@code nn.init.normal_(t, mean, std, generator)}: N(mean, std²); refuses {@code std < 0}. */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        return fillNormal("normal", t, mean, std, rng);
    }

    /** PyTorch's {@code nn.init.trunc_normal_(t, mean, std, a, b)} from the default generator. */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b) {
        return truncNormal(t, mean, std, a, b, null);
    }

    /**
     * PyTorch's {@code nn.init.trunc_normal_(t, mean, std, a, b, generator)}: N(mean, std²) restricted to [a, b], by
     * PyTorch's two methods: when [a, b] holds more than 30% of the normal's mass, normal draws outside it are
     * redrawn; otherwise uniform draws on [a, b] are accepted with probability pdf(x) / pdf(mode). Refuses std ≤ 0
     * (PyTorch divides by it) and a > b.
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, RandomGenerator rng) {
        String op = "truncNormal";
        if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": std must be positive and finite and mean finite, got mean "
                    + mean + ", std " + std);
        }
        checkRange(op, a, b);
        if (mean < a - 2 * std || mean > b + 2 * std) {
            LOG.log(System.Logger.Level.WARNING, op + ": mean is more than 2 std from [a, b]; the distribution "
                    + "of values may be incorrect");
        }
        RandomGenerator g = orDefault(rng);
        float[] v = t.storage();
        double mass = normalCdf((b - mean) / std) - normalCdf((a - mean) / std);
        if (mass > 0.3) {
            float lo = (float) a;
            float hi = (float) b;
            for (int i = 0; i < v.length; i++) {
                float x;
                do {
                    x = (float) (mean + std * g.nextGaussian());
                } while (x < lo || x > hi);
                v[i] = x;
            }
        } else {
            double mode = Math.max(a, Math.min(mean, b));
            double logPeak = -0.5 * square((mode - mean) / std);
            double half = (b - a) / 2;
            double mid = (a + b) / 2;
            for (int i = 0; i < v.length; i++) {
                float x;
                double logAccept;
                do {
                    x = (float) ((2.0 * g.nextFloat() - 1.0) * half + mid);
                    logAccept = -0.5 * square((x - mean) / std) - logPeak;
                } while (Math.log(g.nextFloat()) > logAccept);
                v[i] = x;
            }
        }
        t.markModified();
        return t;
    }

    // ------------------------------------------------------------------ constants

    /** PyTorch's {@code nn.init.constant_(t, val)}. */
    public static Tensor constant(Tensor t, double val) {
        Arrays.fill(t.storage(), (float) val);
        t.markModified();
        return t;
    }

    /** PyTorch's {@code nn.init.zeros_(t)}. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** PyTorch's {@code nn.init.ones_(t)}. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** PyTorch's {@code nn.init.eye_(t)}: ones on the main diagonal of a 2-D tensor (any rectangle), zeros elsewhere. */
    public static Tensor eye(Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("eye: only tensors with 2 dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        float[] v = t.storage();
        Arrays.fill(v, 0f);
        int cols = t.size(1);
        for (int i = 0, n = Math.min(t.size(0), cols); i < n; i++) {
            v[i * cols + i] = 1f;
        }
        t.markModified();
        return t;
    }

    // ------------------------------------------------------------------ Xavier (Glorot)

    /** PyTorch's {@code nn.init.xavier_uniform_(t)}: gain 1, default generator. */
    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1.0, null);
    }

    /** PyTorch's {@code nn.init.xavier_uniform_(t, gain)}, default generator. */
    public static Tensor xavierUniform(Tensor t, double gain) {
        return xavierUniform(t, gain, null);
    }

    /**
     * PyTorch's {@code nn.init.xavier_uniform_(t, gain, generator)}: U(-bound, bound) with
     * {@code bound = gain·√(6 / (fan_in + fan_out))}.
     */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        double bound = Math.sqrt(3.0) * xavierStd("xavierUniform", t, gain);
        return fillUniform("xavierUniform", t, -bound, bound, rng);
    }

    /** PyTorch's {@code nn.init.xavier_normal_(t)}: gain 1, default generator. */
    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1.0, null);
    }

    /** PyTorch's {@code nn.init.xavier_normal_(t, gain)}, default generator. */
    public static Tensor xavierNormal(Tensor t, double gain) {
        return xavierNormal(t, gain, null);
    }

    /**
     * PyTorch's {@code nn.init.xavier_normal_(t, gain, generator)}: N(0, std²) with
     * {@code std = gain·√(2 / (fan_in + fan_out))}.
     */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        return fillNormal("xavierNormal", t, 0, xavierStd("xavierNormal", t, gain), rng);
    }

    private static double xavierStd(String op, Tensor t, double gain) {
        Fans f = fans(op, t);
        long sum = f.fanIn() + f.fanOut();
        if (sum == 0) { // PyTorch divides by zero here
            throw new IllegalArgumentException(op + ": fan_in + fan_out is 0 for shape " + Arrays.toString(t.shape())
                    + "; Xavier initialisation needs a tensor whose first two dimensions are not both empty");
        }
        return gain * Math.sqrt(2.0 / sum);
    }

    // ------------------------------------------------------------------ Kaiming (He)

    /** PyTorch's {@code nn.init.kaiming_uniform_(t)}: a = 0, fan_in, leaky_relu (so gain √2), default generator. */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, "fan_in", "leaky_relu", null);
    }

    /** PyTorch's {@code nn.init.kaiming_uniform_(t, a, mode, nonlinearity)}, default generator. */
    public static Tensor kaimingUniform(Tensor t, double a, String mode, String nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, null);
    }

    /**
     * PyTorch's {@code nn.init.kaiming_uniform_(t, a, mode, nonlinearity, generator)}: U(-bound, bound) with
     * {@code bound = gain·√(3 / fan)}, gain {@link #calculateGain(String, double) calculateGain(nonlinearity, a)}
     * ({@code a} the negative slope, read by leaky_relu only) and fan the fan-in or fan-out as {@code mode} says
     * ("fan_in" or "fan_out", any case). A tensor with no elements is left as it is, as PyTorch does.
     */
    public static Tensor kaimingUniform(Tensor t, double a, String mode, String nonlinearity, RandomGenerator rng) {
        double bound = Math.sqrt(3.0) * kaimingStd("kaimingUniform", t, a, mode, nonlinearity);
        return fillUniform("kaimingUniform", t, -bound, bound, rng);
    }

    /** PyTorch's {@code nn.init.kaiming_normal_(t)}: a = 0, fan_in, leaky_relu (so gain √2), default generator. */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, "fan_in", "leaky_relu", null);
    }

    /** PyTorch's {@code nn.init.kaiming_normal_(t, a, mode, nonlinearity)}, default generator. */
    public static Tensor kaimingNormal(Tensor t, double a, String mode, String nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, null);
    }

    /**
     * PyTorch's {@code nn.init.kaiming_normal_(t, a, mode, nonlinearity, generator)}: N(0, std²) with
     * {@code std = gain / √fan}, gain and fan as in {@link #kaimingUniform(Tensor, double, String, String,
     * RandomGenerator)}. A tensor with no elements is left as it is, as PyTorch does.
     */
    public static Tensor kaimingNormal(Tensor t, double a, String mode, String nonlinearity, RandomGenerator rng) {
        return fillNormal("kaimingNormal", t, 0, kaimingStd("kaimingNormal", t, a, mode, nonlinearity), rng);
    }

    /** 0 for a tensor with no elements, where PyTorch warns and returns before reading shape, mode or nonlinearity. */
    private static double kaimingStd(String op, Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) {
            LOG.log(System.Logger.Level.WARNING, op + ": initializing zero-element tensors is a no-op");
            return 0;
        }
        String m = mode == null ? "null" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("fan_in") && !m.equals("fan_out")) {
            throw new IllegalArgumentException(op + ": mode '" + mode + "' is not supported; use fan_in or fan_out");
        }
        Fans f = fans(op, t);
        long fan = m.equals("fan_in") ? f.fanIn() : f.fanOut();
        return gain(op, nonlinearity, a) / Math.sqrt(fan);
    }

    // ------------------------------------------------------------------ orthogonal

    /** PyTorch's {@code nn.init.orthogonal_(t)}: gain 1, default generator. */
    public static Tensor orthogonal(Tensor t) {
        return orthogonal(t, 1.0, null);
    }

    /**
     * PyTorch's {@code nn.init.orthogonal_(t, gain, generator)}: the tensor, viewed as {@code [rows, numel / rows]},
     * becomes {@code gain} times a (semi-)orthogonal matrix, drawn uniformly (Haar) as PyTorch does: the Q of a
     * Gaussian matrix's QR factorisation with R's diagonal made positive (here by Gram-Schmidt, which gives exactly
     * that Q). Refuses fewer than 2 dimensions; a tensor with no elements is left as it is.
     */
    public static Tensor orthogonal(Tensor t, double gain, RandomGenerator rng) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: only tensors with 2 or more dimensions are supported, "
                    + "got shape " + Arrays.toString(t.shape()));
        }
        if (t.numel() == 0) {
            return t;
        }
        int rows = t.size(0);
        int cols = t.numel() / rows;
        RandomGenerator g = orDefault(rng);
        // Columns of the tall matrix (the flattened tensor, transposed when wide): n vectors of length m.
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[][] q = new double[n][m];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = g.nextGaussian();
                if (rows >= cols) {
                    q[c][r] = x;
                } else {
                    q[r][c] = x;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) { // twice: Gram-Schmidt's loss of orthogonality stays at rounding
                for (int k = 0; k < j; k++) {
                    double dot = dot(q[k], q[j]);
                    for (int i = 0; i < m; i++) {
                        q[j][i] -= dot * q[k][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(q[j], q[j]));
            for (int i = 0; i < m; i++) {
                q[j][i] /= norm;
            }
        }
        float[] v = t.storage();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = (float) (gain * (rows >= cols ? q[c][r] : q[r][c]));
            }
        }
        t.markModified();
        return t;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    // ------------------------------------------------------------------ sampling

    private static RandomGenerator orDefault(RandomGenerator rng) {
        return rng != null ? rng : Init.defaultGenerator();
    }

    private static void checkRange(String op, double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || a > b) {
            throw new IllegalArgumentException(op + ": expects a finite range a <= b, got a = " + a + ", b = " + b);
        }
    }

    /**
     * U(a, b) as {@code (2u - 1)·(b - a)/2 + (a + b)/2} with u a float in [0, 1): for a = -b that is
     * {@code (2u - 1)·b} rounded once, the values {@link Init#uniform} always drew.
     */
    private static Tensor fillUniform(String op, Tensor t, double from, double to, RandomGenerator rng) {
        double a = (float) from; // float bounds, as PyTorch's uniform_ casts them to a float tensor's type
        double b = (float) to;
        checkRange(op, a, b); // a bound beyond float range is infinite now, and refused
        RandomGenerator g = orDefault(rng);
        float[] v = t.storage();
        if (g instanceof Generator bulk) { // the same numbers, drawn in one call
            bulk.nextFloats(v, 0, v.length);
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = g.nextFloat();
            }
        }
        double half = (b - a) / 2;
        double mid = (a + b) / 2;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2.0 * v[i] - 1.0) * half + mid);
        }
        t.markModified();
        return t;
    }

    private static Tensor fillNormal(String op, Tensor t, double mean, double std, RandomGenerator rng) {
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": expects std >= 0 and a finite mean and std, got mean " + mean
                    + ", std " + std);
        }
        RandomGenerator g = orDefault(rng);
        float[] v = t.storage();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * g.nextGaussian());
        }
        t.markModified();
        return t;
    }

    private static double normalCdf(double x) {
        return 0.5 * Activation.erfc(-x / Math.sqrt(2.0));
    }

    private static double square(double x) {
        return x * x;
    }
}
