package dev.lanes.io;

import dev.lanes.nn.Generator;
import dev.lanes.nn.Init;
import dev.lanes.nn.Module;
import dev.lanes.nn.Stochastic;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The random state a training checkpoint keeps, as metadata entries: the default generator's and that of each
 * {@link Stochastic} module with a {@link Generator} of its own, so that a resumed run draws the same dropout masks
 * as the uninterrupted run would have.
 */
final class RandomStates {

    /** The default generator's state ({@link Init#defaultGenerator()}). */
    static final String DEFAULT = "lanes.rng.default";
    /** A module's own generator's state, under this prefix and the module's name ({@code lanes.rng.module.2}). */
    static final String MODULE_PREFIX = "lanes.rng.module.";

    private RandomStates() {
    }

    /** The states to save with {@code model}. */
    static Map<String, String> of(Module model) {
        Map<String, String> states = new LinkedHashMap<>();
        states.put(DEFAULT, Init.defaultGenerator().getState().encode());
        model.namedModules().forEach((name, m) -> {
            if (m instanceof Stochastic s && s.generator() instanceof Generator g) {
                states.put(MODULE_PREFIX + name, g.getState().encode());
            }
        });
        return states;
    }

    /**
     * Sets the default generator and {@code model}'s modules to the states in {@code metadata}; false when it holds
     * none (a model file, or a checkpoint written before checkpoints kept them). Everything is checked before
     * anything is set: a malformed state, or one for a module the model lacks, fails naming {@code source}.
     */
    static boolean restore(Map<String, String> metadata, Module model, String source) {
        String global = metadata.get(DEFAULT);
        if (global == null) {
            return false;
        }
        Generator.State globalState = decode(global, DEFAULT, source);
        Map<String, Module> modules = model.namedModules();
        Map<String, Generator.State> own = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(MODULE_PREFIX)) {
                String name = key.substring(MODULE_PREFIX.length());
                if (!(modules.get(name) instanceof Stochastic)) {
                    throw new ModelFileException(source + ": " + key + " holds a generator state for module '" + name
                            + "', which the model " + (modules.containsKey(name) ? "has, but it draws no random numbers"
                            : "does not have"));
                }
                own.put(name, decode(value, key, source));
            }
        });
        Init.defaultGenerator().setState(globalState);
        // A module the file lists had its own generator. One it does not list drew from the default generator (loading
        // may have given it one of its own, derived from a seed), unless it has a plain RandomGenerator, whose state
        // no file keeps: that one is the caller's choice and stays.
        modules.forEach((name, m) -> {
            if (m instanceof Stochastic s) {
                Generator.State state = own.get(name);
                if (state != null) {
                    s.useGenerator(Generator.of(state));
                } else if (s.generator() == null || s.generator() instanceof Generator) {
                    s.useGenerator(null);
                }
            }
        });
        return true;
    }

    private static Generator.State decode(String text, String key, String source) {
        try {
            return Generator.State.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": " + key + ": " + e.getMessage());
        }
    }
}
