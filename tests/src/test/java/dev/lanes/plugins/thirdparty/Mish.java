package dev.lanes.plugins.thirdparty;

import dev.lanes.nn.Module;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A third-party activation, PyTorch's {@code nn.Mish} ({@code x·tanh(softplus(x))}), composed of tensor ops. It is
 * not a {@code FusableActivation}: that interface names one of the kernel's fixed {@code Activation}s, and Mish is
 * not one, so a model holding it trains and serves through module forward.
 */
public final class Mish extends Module implements SpecWritable {

    @Override
    public Tensor forward(Tensor input) {
        return input.mul(input.exp().add(1f).log().tanh()); // softplus as log(1 + e^x): fine for the samples' range
    }

    @Override
    public String specName() {
        return "mish";
    }

    @Override
    public Options specOptions() {
        return Options.empty();
    }

    /** {@code mish}, no options. */
    public static final class Provider implements LayerProvider {

        @Override
        public String name() {
            return "mish";
        }

        @Override
        public List<String> parameterNames() {
            return List.of();
        }

        @Override
        public Module create(Options options) {
            return new Mish();
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.empty(), Tensor.randn(rng, 4, 3));
        }
    }
}
