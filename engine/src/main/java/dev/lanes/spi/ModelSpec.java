package dev.lanes.spi;

import dev.lanes.nn.Module;
import dev.lanes.spi.SpecGrammar.Token;
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
    private static final String SEED = "seed";

    private ModelSpec() {
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
        List<Token> tokens = tokens(spec);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
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

    private static List<Token> tokens(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("model spec is empty; expected e.g. 'linear(3,10) relu linear(10,1)' "
                    + "or '3-10-1:relu,none'");
        }
        return SHORTHAND.matcher(spec).matches() ? shorthand(spec) : named(spec);
    }

    private static Sequential build(String spec, List<Token> tokens, Random seeds) {
        Sequential net = new Sequential();
        for (Token token : tokens) {
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

    private static List<Token> named(String spec) {
        SpecGrammar grammar = grammar(spec);
        List<Token> out = new ArrayList<>();
        for (SpecGrammar.Piece piece : grammar.split(0, spec.length(), ' ')) {
            out.add(layerToken(grammar, piece));
        }
        return out;
    }

    private static SpecGrammar grammar(String spec) {
        return new SpecGrammar(spec, "model spec");
    }

    private static Token layerToken(SpecGrammar grammar, SpecGrammar.Piece piece) {
        return grammar.token(piece, Layers.registry());
    }

    // ------------------------------------------------------------------ the shorthand

    private static List<Token> shorthand(String spec) {
        int colon = spec.indexOf(':');
        int sizesEnd = colon < 0 ? spec.length() : colon;
        SpecGrammar grammar = grammar(spec);
        List<SpecGrammar.Piece> sizes = grammar.split(0, sizesEnd, '-');
        int layers = sizes.size() - 1;
        List<SpecGrammar.Piece> acts = colon < 0 ? List.of() : grammar.split(colon + 1, spec.length(), ',');
        if (colon >= 0 && acts.size() != 1 && acts.size() != layers) {
            throw grammar.error(colon + 1, layers + " layers need 1 activation or " + layers + ", got " + acts.size());
        }
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            SpecGrammar.Piece in = sizes.get(i);
            SpecGrammar.Piece outSize = sizes.get(i + 1);
            out.add(new Token("linear", Options.of("in", in.text(), "out", outSize.text()), in.start()));
            if (!acts.isEmpty()) {
                SpecGrammar.Piece act = acts.get(acts.size() == 1 ? 0 : i);
                if (!act.text().equalsIgnoreCase("none")) {
                    out.add(layerToken(grammar, act));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /**
     * The named-form spec of {@code net}, e.g. {@code linear(3,10) sigmoid linear(10,4)}; every layer must be
     * {@link SpecWritable}. Parsing the result builds the same architecture (with fresh weights).
     *
     * @throws IllegalArgumentException when a layer is not {@link SpecWritable}, or gives an option its provider does
     *                                  not declare (the spec could not rebuild it), naming the layer
     */
    public static String format(Sequential net) {
        StringJoiner tokens = new StringJoiner(" ");
        for (int i = 0; i < net.size(); i++) {
            Module layer = net.get(i);
            if (!(layer instanceof SpecWritable writable)) {
                throw new IllegalArgumentException("ModelSpec.format: layer " + i + " (" + layer.getClass().getName()
                        + ") cannot be written as a spec: it does not implement SpecWritable");
            }
            tokens.add(token(i, writable));
        }
        return tokens.toString();
    }

    private static String token(int index, SpecWritable layer) {
        var options = layer.specOptions().asMap();
        if (options.isEmpty()) {
            return layer.specName();
        }
        List<String> order = Layers.registry().get(layer.specName()).parameterNames();
        for (String key : options.keySet()) { // left out, the spec would rebuild another layer
            if (!order.contains(key)) {
                throw new IllegalArgumentException("ModelSpec.format: layer " + index + " ("
                        + layer.getClass().getName() + ") gives option '" + key + "', which " + layer.specName()
                        + " does not declare; its options: " + order);
            }
        }
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
        return grammar(spec).error(column, problem);
    }
}
