package dev.lanes.layers.loss;

import dev.lanes.layers.BuiltinProvider;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.LossProvider;
import dev.lanes.spi.Options;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** A built-in loss provider whose one option is {@code reduction} (mean, sum or none). */
abstract class LossProviderBase extends BuiltinProvider implements LossProvider {

    private final Function<Reduction, Loss> factory;

    LossProviderBase(String name, Function<Reduction, Loss> factory) {
        super(name, "reduction");
        this.factory = factory;
    }

    @Override
    public Loss create(Options options) {
        return factory.apply(Reduction.parse(options.getString("reduction", "mean")));
    }

    /** A reduction drawn from {@code rng}, so the contract's seeds exercise more than the default. */
    static Options randomReduction(RandomGenerator rng) {
        Reduction[] all = Reduction.values();
        return Options.of("reduction", all[rng.nextInt(all.length)]);
    }
}
