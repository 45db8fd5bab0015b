package dev.lanes.layers;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.FusableLinear;
import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Initializers;
import dev.lanes.nn.Module;
import dev.lanes.nn.functional.Functional;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code y = x·Wᵀ + b}, PyTorch's {@code nn.Linear}. Input {@code [..., in_features]}, output
 * {@code [..., out_features]}; weight {@code [out_features, in_features]}, bias {@code [out_features]}.
 * Initialised as PyTorch does: weight and bias uniform in ±1/√in_features (Kaiming-uniform with a = √5).
 */
public final class Linear extends Module implements FusableLinear, SpecWritable {

    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Init.defaultGenerator());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Init.defaultGenerator());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, RandomGenerator rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be positive, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters(rng);
    }

    /**
     * Redraws weight and bias as PyTorch's {@code reset_parameters}: {@code kaiming_uniform_(weight, a=√5)}, which is
     * U(-1/√in, 1/√in), then {@code uniform_(bias, -1/√fan_in, 1/√fan_in)}, both from {@code rng}.
     */
    public void resetParameters(RandomGenerator rng) {
        try (var scope = GradMode.noGrad()) {
            Initializers.kaimingUniform(weight, Math.sqrt(5), "fan_in", "leaky_relu", rng);
            if (bias != null) {
                double bound = 1 / Math.sqrt(Initializers.calculateFanInAndFanOut(weight).fanIn());
                Initializers.uniform(bias, -bound, bound, rng);
            }
        }
    }

    @Override
    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} for a layer built without one. */
    @Override
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.linear(input, weight, bias);
    }

    @Override
    public Tensor forwardFused(Tensor input, Activation act, float alpha) {
        return Functional.linear(input, weight, bias, act, alpha);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }

    @Override
    public String specName() {
        return "linear";
    }

    @Override
    public Options specOptions() {
        Options o = Options.of("in", inFeatures, "out", outFeatures);
        return bias == null ? o.with("bias", false) : o;
    }

    /** {@code linear(in, out, bias=true, seed)}. */
    public static final class Provider extends BuiltinProvider implements LayerProvider {

        public Provider() {
            super("linear", "in", "out", "bias", "seed");
        }

        @Override
        public Module create(Options o) {
            RandomGenerator rng = o.has("seed") ? new Generator(o.requireInt("seed")) : Init.defaultGenerator();
            return new Linear(o.requireInt("in"), o.requireInt("out"), o.getBoolean("bias", true), rng);
        }

        @Override
        public Optional<Map<String, int[]>> parameterShapes(Options o) {
            int in = o.requireInt("in");
            int out = o.requireInt("out");
            Map<String, int[]> shapes = new LinkedHashMap<>(); // weight first, as the state dict lists them
            shapes.put("weight", new int[] {out, in});
            if (o.getBoolean("bias", true)) {
                shapes.put("bias", new int[] {out});
            }
            return Optional.of(shapes);
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("in", 3, "out", 4, "seed", rng.nextInt()), Tensor.randn(rng, 5, 3));
        }
    }
}
