package dev.lanes.layers;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.FusableActivation;
import dev.lanes.nn.Module;
import dev.lanes.nn.functional.Functional;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.Tensor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** An elementwise activation layer the fused linear kernel can also apply ({@link FusableActivation}). */
public abstract class ActivationLayer extends Module implements FusableActivation, SpecWritable {

    private final String specName;
    private final Activation activation;

    protected ActivationLayer(String specName, Activation activation) {
        this.specName = specName;
        this.activation = activation;
    }

    @Override
    public final Activation activation() {
        return activation;
    }

    /** Final: Sequential may fuse this layer into the preceding Linear, so forward must be the activation alone. */
    @Override
    public final Tensor forward(Tensor input) {
        return Functional.activation(input, activation, alpha());
    }

    @Override
    public final String specName() {
        return specName;
    }

    @Override
    public Options specOptions() {
        return Options.empty();
    }

    /** Provider of an activation without options. */
    protected abstract static class PlainProvider extends BuiltinProvider implements LayerProvider {

        private final Supplier<Module> factory;

        protected PlainProvider(String name, Supplier<Module> factory) {
            super(name);
            this.factory = factory;
        }

        @Override
        public Module create(Options options) {
            return factory.get();
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.empty(), Samples.awayFromZero(rng, 3, 4));
        }
    }
}
