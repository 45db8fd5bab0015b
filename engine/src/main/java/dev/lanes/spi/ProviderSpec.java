package dev.lanes.spi;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One provider written as a token of the {@link ModelSpec} grammar, {@code name} or {@code name(arguments)}: a loss
 * on the command line, {@code crossentropy(label_smoothing=0.1, weight=[1,2,0.5])}. Parsing checks the name and the
 * option names against the registry (not the values: building the object does) and keeps a canonical form, so two
 * texts of one spec compare equal: the name as registered, the options keyword-only in the provider's order, numbers
 * without trailing zeros ({@code 1.0} is {@code 1}), lists in brackets ({@code (0.9,0.99)} is {@code [0.9,0.99]}),
 * {@code true} and {@code false} in lower case, no spaces. {@link #toString()} writes that form, which parses back to
 * the same spec.
 */
public record ProviderSpec(String name, Options options) {

    /** Exponents beyond this stay as written: a plain form of {@code 1e999999} would be a million digits. */
    private static final int PLAIN_SCALE_LIMIT = 100;

    /**
     * Parses {@code text} as one provider of {@code registry}.
     *
     * @throws IllegalArgumentException for an unknown name or option, or text the grammar cannot read; the first
     *     line says what and where, two more show the text and a caret under the column
     */
    public static ProviderSpec parse(String text, ProviderRegistry<?> registry) {
        String what = registry.kind() + " spec";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty; expected a name, e.g. "
                    + String.join(", ", registry.names()));
        }
        SpecGrammar grammar = new SpecGrammar(text, what);
        List<SpecGrammar.Piece> pieces = grammar.split(0, text.length(), ' ');
        if (pieces.size() > 1) {
            SpecGrammar.Piece extra = pieces.get(1);
            throw grammar.error(extra.start(), "one " + registry.kind() + " expected, then '" + extra.text()
                    + "' (no spaces between a name and its '(')");
        }
        SpecGrammar.Token token = grammar.token(pieces.getFirst(), registry);
        NamedProvider provider;
        try {
            provider = registry.get(token.name());
        } catch (IllegalArgumentException e) {
            throw grammar.error(token.column(), e.getMessage());
        }
        Map<String, String> canonical = new LinkedHashMap<>();
        for (String key : provider.parameterNames()) {
            if (token.options().has(key)) {
                canonical.put(key, canonicalValue(token.options().getString(key, null)));
            }
        }
        return new ProviderSpec(provider.name(), Options.of(canonical));
    }

    /**
     * This spec with {@code key} set to {@code value} (added or replaced), canonical again: {@code registry} gives the
     * options' order and checks the name, as {@link #parse} does.
     */
    public ProviderSpec with(String key, String value, ProviderRegistry<?> registry) {
        Map<String, String> options = new LinkedHashMap<>(this.options.asMap());
        options.put(key, value);
        return parse(new ProviderSpec(name, Options.of(options)).toString(), registry);
    }

    /**
     * Numbers plainly written, a list (in brackets or parentheses) in brackets item by item, {@code true}/{@code false}
     * in lower case, anything else stripped.
     */
    private static String canonicalValue(String value) {
        String v = value.strip();
        boolean list = v.length() >= 2 && (v.startsWith("[") && v.endsWith("]") || v.startsWith("(") && v.endsWith(")"));
        if (list) {
            StringJoiner items = new StringJoiner(",", "[", "]");
            for (String item : v.substring(1, v.length() - 1).split(",", -1)) {
                items.add(canonicalValue(item));
            }
            return items.toString();
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return v.toLowerCase(Locale.ROOT);
        }
        try {
            BigDecimal number = new BigDecimal(v).stripTrailingZeros();
            return Math.abs(number.scale()) > PLAIN_SCALE_LIMIT ? v : number.toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** The canonical text, e.g. {@code crossentropy(weight=[1,2,0.5],label_smoothing=0.1)} or {@code mse}. */
    @Override
    public String toString() {
        if (options.asMap().isEmpty()) {
            return name;
        }
        StringJoiner args = new StringJoiner(",", name + "(", ")");
        options.asMap().forEach((key, value) -> args.add(key + "=" + value));
        return args.toString();
    }
}
