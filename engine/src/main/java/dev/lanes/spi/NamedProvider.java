package dev.lanes.spi;

import java.util.List;

/**
 * A plugin found through {@link java.util.ServiceLoader}: a layer, loss or optimizer known by name.
 * Names are matched case-insensitively.
 */
public interface NamedProvider {

    /** The registry name, e.g. {@code "linear"} or {@code "adam"}. */
    String name();

    /**
     * The option names in the order positional arguments bind to them, e.g. {@code ["in", "out", "bias"]} for
     * {@code linear(3, 10)}. Every option the provider accepts must be listed; others are rejected.
     */
    List<String> parameterNames();
}
