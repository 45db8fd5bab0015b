package dev.lanes.spi;

import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A {@link Sequential} written as text, built through the layer registry. Two forms:
 * <ul>
 *   <li>registry names with optional arguments, positional or {@code key=value}:
 *       {@code linear(3,10) sigmoid linear(10,6) relu linear(6,4) sigmoid}</li>
 *   <li>the shorthand of layer sizes and activations, one for every layer or one per layer ({@code none} for
 *       no activation): {@code 3-10-6-4:sigmoid,relu,sigmoid}</li>
 * </ul>
 * Layer indices (and so parameter names) are those of the equivalent PyTorch {@code nn.Sequential}. A bad spec
 * fails with an {@link IllegalArgumentException} that shows the spec and points at the bad token.
 */
public final class ModelSpec {

    private static final Pattern SHORTHAND = Pattern.compile("\\s*\\d+(\\s*-\\s*\\d+)+\\s*(:.*)?", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SEED = "seed";

    private ModelSpec() {
    }

    /** One layer of a spec: registry name, options, and where it stands in the text (for error messages). */
    record LayerToken(String name, Options options, int column) {
    }

    /** Builds the network; layers without a {@code seed} option draw from the default generator. */
    public static Sequential parse(String spec) {
        return build(spec, tokens(spec), null);
    }

    /** Builds the network; every layer that takes a {@code seed} and has none gets one derived from {@code seed}. */
    public static Sequential parse(String spec, long seed) {
        return build(spec, tokens(spec), new Random(seed));
    }

    /**
     * The shapes of the parameters the spec's layers declare ({@link LayerProvider#parameterShapes}), by state-dict
     * name ({@code 0.weight}), without building the network: a model file compares its tensors with these before it
     * allocates anything. Layers whose provider declares none are left out.
     *
     * @throws IllegalArgumentException for a bad spec, as {@link #parse(String)}
     */
    public static Map<String, int[]> parameterShapes(String spec) {
        List<LayerToken> tokens = tokens(spec);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            LayerToken token = tokens.get(i);
            String prefix = i + ".";
            try {
                LayerProvider provider = Layers.registry().get(token.name());
                provider.parameterShapes(ProviderOptions.checked(provider, token.options()))
                        .ifPresent(declared -> declared.forEach((name, shape) -> shapes.put(prefix + name,
                                shape.clone())));
            } catch (IllegalArgumentException e) {
                throw error(spec, token.column(), "layer " + i + " '" + token.name() + "': " + e.getMessage());
            }
        }
        return shapes;
    }

    private static List<LayerToken> tokens(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("model spec is empty; expected e.g. 'linear(3,10) relu linear(10,1)' "
                    + "or '3-10-1:relu,none'");
        }
        return SHORTHAND.matcher(spec).matches() ? shorthand(spec) : named(spec);
    }

    private static Sequential build(String spec, List<LayerToken> tokens, Random seeds) {
        Sequential net = new Sequential();
        for (LayerToken token : tokens) {
            try {
                LayerProvider provider = Layers.registry().get(token.name());
                Options options = token.options();
                if (seeds != null && provider.parameterNames().contains(SEED) && !options.has(SEED)) {
                    options = options.with(SEED, seeds.nextInt());
                }
                net.append(Layers.create(token.name(), options));
            } catch (IllegalArgumentException e) {
                throw error(spec, token.column(), "layer " + net.size() + " '" + token.name() + "': " + e.getMessage());
            }
        }
        return net;
    }

    // ------------------------------------------------------------------ the named form

    private static List<LayerToken> named(String spec) {
        List<LayerToken> out = new ArrayList<>();
        for (Piece piece : split(spec, 0, spec.length(), ' ')) {
            out.add(layerToken(spec, piece));
        }
        return out;
    }

    /** A stretch of the spec text: {@code text} starting at column {@code start}. */
    private record Piece(String text, int start) {
    }

    /** Splits {@code spec[from, to)} at {@code separator} (or whitespace, for ' ') outside parentheses. */
    private static List<Piece> split(String spec, int from, int to, char separator) {
        List<Piece> pieces = new ArrayList<>();
        int depth = 0;
        int openedAt = from; // the outermost '(' not yet closed, for the error message
        int start = from;
        for (int i = from; i <= to; i++) {
            char c = i < to ? spec.charAt(i) : separator;
            boolean atSeparator = separator == ' ' ? Character.isWhitespace(c) : c == separator;
            if (c == '(') {
                if (depth++ == 0) {
                    openedAt = i;
                }
            } else if (c == ')') {
                if (--depth < 0) {
                    throw error(spec, i, "unbalanced ')'");
                }
            } else if (depth == 0 && (atSeparator || i == to)) {
                String text = spec.substring(start, i);
                int lead = text.length() - text.stripLeading().length();
                if (!text.isBlank()) {
                    pieces.add(new Piece(text.strip(), start + lead));
                } else if (separator != ' ') {
                    throw error(spec, start, "empty item");
                }
                start = i + 1;
            }
        }
        if (depth > 0) {
            throw error(spec, openedAt, "'(' is never closed: missing ')'");
        }
        return pieces;
    }

    private static LayerToken layerToken(String spec, Piece piece) {
        String text = piece.text();
        int open = text.indexOf('(');
        String name = (open < 0 ? text : text.substring(0, open)).strip();
        if (!NAME.matcher(name).matches()) {
            throw error(spec, piece.start(), "'" + text + "' is not a layer name or name(arguments)");
        }
        if (open < 0) {
            return new LayerToken(name, Options.empty(), piece.start());
        }
        if (!text.endsWith(")")) {
            throw error(spec, piece.start() + text.length() - 1, "text after ')' in '" + text + "'");
        }
        LayerProvider provider = provider(spec, piece.start(), name);
        List<String> positional = provider.parameterNames();
        Options options = Options.empty();
        int argsStart = piece.start() + open + 1;
        int argsEnd = piece.start() + text.length() - 1;
        if (spec.substring(argsStart, argsEnd).isBlank()) {
            return new LayerToken(name, options, piece.start());
        }
        boolean keywordSeen = false;
        int index = 0;
        for (Piece arg : split(spec, argsStart, argsEnd, ',')) {
            int eq = arg.text().indexOf('=');
            String key;
            String value;
            if (eq >= 0) {
                key = arg.text().substring(0, eq).strip();
                value = arg.text().substring(eq + 1).strip();
                keywordSeen = true;
                if (!positional.contains(key.toLowerCase(java.util.Locale.ROOT))) {
                    throw error(spec, arg.start(), name + " has no option '" + key + "'; its options: " + positional);
                }
            } else {
                if (keywordSeen) {
                    throw error(spec, arg.start(), "positional argument '" + arg.text() + "' after a key=value one");
                }
                if (index >= positional.size()) {
                    throw error(spec, arg.start(), name + " takes at most " + positional.size()
                            + " arguments " + positional + ", got another: '" + arg.text() + "'");
                }
                key = positional.get(index);
                value = arg.text();
            }
            if (options.has(key)) {
                throw error(spec, arg.start(), "option '" + key + "' given twice");
            }
            options = options.with(key, value);
            index++;
        }
        return new LayerToken(name, options, piece.start());
    }

    private static LayerProvider provider(String spec, int column, String name) {
        try {
            return Layers.registry().get(name);
        } catch (IllegalArgumentException e) {
            throw error(spec, column, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the shorthand

    private static List<LayerToken> shorthand(String spec) {
        int colon = spec.indexOf(':');
        int sizesEnd = colon < 0 ? spec.length() : colon;
        List<Piece> sizes = split(spec, 0, sizesEnd, '-');
        int layers = sizes.size() - 1;
        List<Piece> acts = colon < 0 ? List.of() : split(spec, colon + 1, spec.length(), ',');
        if (colon >= 0 && acts.size() != 1 && acts.size() != layers) {
            throw error(spec, colon + 1, layers + " layers need 1 activation or " + layers + ", got " + acts.size());
        }
        List<LayerToken> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Piece in = sizes.get(i);
            Piece outSize = sizes.get(i + 1);
            out.add(new LayerToken("linear", Options.of("in", in.text(), "out", outSize.text()), in.start()));
            if (!acts.isEmpty()) {
                Piece act = acts.get(acts.size() == 1 ? 0 : i);
                if (!act.text().equalsIgnoreCase("none")) {
                    out.add(layerToken(spec, act));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /**
     * The named-form spec of {@code net}, e.g. {@code linear(3,10) sigmoid linear(10,4)}; every layer must be
     * {@link SpecWritable}. Parsing the result builds the same architecture (with fresh weights).
     */
    public static String format(Sequential net) {
        StringJoiner tokens = new StringJoiner(" ");
        for (int i = 0; i < net.size(); i++) {
            Module layer = net.get(i);
            if (!(layer instanceof SpecWritable writable)) {
                throw new IllegalArgumentException("ModelSpec.format: layer " + i + " (" + layer.getClass().getName()
                        + ") cannot be written as a spec: it does not implement SpecWritable");
            }
            tokens.add(token(writable));
        }
        return tokens.toString();
    }

    private static String token(SpecWritable layer) {
        var options = layer.specOptions().asMap();
        if (options.isEmpty()) {
            return layer.specName();
        }
        List<String> order = Layers.registry().get(layer.specName()).parameterNames();
        StringJoiner args = new StringJoiner(",", layer.specName() + "(", ")");
        boolean positional = true;
        for (String key : order) {
            String value = options.get(key);
            if (value == null) {
                positional = false;
            } else {
                args.add(positional ? value : key + "=" + value);
            }
        }
        return args.toString();
    }

    private static IllegalArgumentException error(String spec, int column, String problem) {
        String oneLine = spec.replace('\n', ' ');
        return new IllegalArgumentException("bad model spec at column " + (column + 1) + ": " + problem + "\n  "
                + oneLine + "\n  " + " ".repeat(Math.max(0, Math.min(column, oneLine.length()))) + "^");
    }
}
