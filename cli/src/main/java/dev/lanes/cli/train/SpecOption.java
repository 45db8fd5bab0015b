package dev.lanes.cli.train;

import dev.lanes.spi.ProviderRegistry;
import dev.lanes.spi.ProviderSpec;
import java.util.function.Function;

/**
 * A provider given as a spec, {@code name} or {@code name(key=value,...)}, by an option ({@code --loss},
 * {@code --optimizer}) or by a checkpoint's metadata: parsed with the model-spec grammar and built, every problem one
 * line that starts with where the spec came from.
 */
final class SpecOption {

    private SpecOption() {
    }

    /**
     * Parses {@code text} as one provider of {@code registry} and hands the spec to {@code build}; a bad name, option
     * or value (an {@link IllegalArgumentException} from either) becomes {@code failure} of one line,
     * {@code "<label>: <first line of the problem>"} (the parser's caret lines would break the one-line rule).
     */
    static <T> T build(String label, String text, ProviderRegistry<?> registry, Function<ProviderSpec, T> build,
            Function<String, ? extends RuntimeException> failure) {
        try {
            return build.apply(ProviderSpec.parse(text, registry));
        } catch (IllegalArgumentException e) {
            throw failure.apply(label + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
