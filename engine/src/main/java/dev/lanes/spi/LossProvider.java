package dev.lanes.spi;

import dev.lanes.nn.Loss;
import java.util.random.RandomGenerator;

/** A loss plugin, registered in {@code META-INF/services/dev.lanes.spi.LossProvider}. */
public interface LossProvider extends NamedProvider {

    /** A new loss from {@code options} (e.g. {@code reduction=sum}). */
    Loss create(Options options);

    /** Options, an input and a valid target, drawn from {@code rng}, for the registry-wide gradient contract. */
    LossSample sample(RandomGenerator rng);
}
