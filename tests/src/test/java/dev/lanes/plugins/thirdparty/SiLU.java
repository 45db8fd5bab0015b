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
 * A third-party activation, PyTorch's {@code nn.SiLU} ({@code x·sigmoid(x)}), composed of tensor ops. It is not a
 * {@code FusableActivation}: that interface names one of the kernel's fixed {@code Activation}s, and SiLU is not
 * one, so a model holding it trains and serves through module forward.
 */
public final class SiLU extends Module implements SpecWritable {

    @Override
    public Tensor forward(Tensor input) {
        return input.mul(input.sigmoid());
    }

    @Override
    public String specName() {
        return "silu";
    }

    @Override
    public Options specOptions() {
        return Options.empty();
    }

    /** {@code silu}, no options. */
    public static final class Provider implements LayerProvider {

        @Override
        public String name() {
            return "silu";
        }

        @Override
        public List<String> parameterNames() {
            return List.of();
        }

        @Override
        public Module create(Options options) {
            return new SiLU();
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.empty(), Tensor.randn(rng, 4, 3));
        }
    }
}
