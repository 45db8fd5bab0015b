package dev.lanes.layers;

import java.util.List;

/** Name and option names of a built-in provider; the providers themselves add create and sample. */
public abstract class BuiltinProvider implements dev.lanes.spi.NamedProvider {

    private final String name;
    private final List<String> parameterNames;

    protected BuiltinProvider(String name, String... parameterNames) {
        this.name = name;
        this.parameterNames = List.of(parameterNames);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> parameterNames() {
        return parameterNames;
    }
}
