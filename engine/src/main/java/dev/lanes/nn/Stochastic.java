package dev.lanes.nn;

import java.util.random.RandomGenerator;

/**
 * A module that draws random numbers while it runs (Dropout's masks). A training checkpoint keeps the state of its
 * generator when that is a {@link Generator}, so that a resumed run draws what the uninterrupted one would have.
 */
public interface Stochastic {

    /** Its own generator, or null when it draws from {@link Init#defaultGenerator()} at each call. */
    RandomGenerator generator();

    /** Draws from {@code generator} from now on (null: from the default generator). */
    void useGenerator(RandomGenerator generator);
}
