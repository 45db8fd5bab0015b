package dev.lanes.layers;

import dev.lanes.nn.Module;
import dev.lanes.nn.functional.Functional;
import dev.lanes.spi.LayerProvider;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.Tensor;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/** Softmax or log-softmax along {@code dim} (default -1, the last dimension). */
abstract class SoftmaxLayer extends Module implements SpecWritable {

    static final int DEFAULT_DIM = -1;
    private final String specName;
    private final boolean log;
    private final int dim;

    SoftmaxLayer(String specName, boolean log, int dim) {
        this.specName = specName;
        this.log = log;
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return log ? Functional.logSoftmax(input, dim) : Functional.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }

    @Override
    public String specName() {
        return specName;
    }

    @Override
    public Options specOptions() {
        return dim == DEFAULT_DIM ? Options.empty() : Options.of("dim", dim);
    }

    /** {@code name(dim=-1)}. */
    abstract static class DimProvider extends BuiltinProvider implements LayerProvider {
        private final IntFunction<Module> factory;

        DimProvider(String name, IntFunction<Module> factory) {
            super(name, "dim");
            this.factory = factory;
        }

        @Override
        public Module create(Options o) {
            return factory.apply(o.getInt("dim", DEFAULT_DIM));
        }

        @Override
        public LayerSample sample(RandomGenerator rng) {
            return new LayerSample(Options.of("dim", rng.nextBoolean() ? 0 : 1), Tensor.randn(rng, 3, 4));
        }
    }
}
