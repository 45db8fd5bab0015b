package dev.lanes.io;

import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec to suggest when a file's tensors need one: read off the tensors when they are a stack of Linear layers
 * ({@code k.weight} {@code [out, in]} and {@code k.bias} {@code [out]}, widths chaining, as a PyTorch
 * {@code nn.Sequential} of {@code Linear} and activations saves them), else a neutral example. The tensors cannot
 * say which activation sits between two layers, so a gap of one index is written as {@code relu}.
 */
final class SpecHint {

    /** Shown when the tensors are not a Linear stack: an example of the grammar, not a guess at this file. */
    static final String NEUTRAL = "784-128-10:relu,none";
    private static final Pattern PARAMETER = Pattern.compile("(\\d{1,9})\\.(weight|bias)");

    private SpecHint() {
    }

    /** {@code e.g. --spec '...'}, derived from {@code params} where possible. */
    static String example(Map<String, Tensor> params) {
        return derived(params).map(spec -> "e.g. --spec '" + spec + "'")
                .orElse("e.g. --spec '" + NEUTRAL + "' (the layer widths, then one activation per layer)");
    }

    /** The shorthand spec of a Linear stack with these parameters, if they are one. */
    static Optional<String> derived(Map<String, Tensor> params) {
        TreeMap<Integer, Tensor[]> layers = new TreeMap<>(); // index -> {weight, bias}
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Matcher m = PARAMETER.matcher(e.getKey());
            if (!m.matches()) {
                return Optional.empty();
            }
            Tensor[] pair = layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new Tensor[2]);
            pair[m.group(2).equals("weight") ? 0 : 1] = e.getValue();
        }
        if (layers.isEmpty() || layers.firstKey() != 0) {
            return Optional.empty();
        }
        StringBuilder widths = new StringBuilder();
        List<String> activations = new ArrayList<>();
        int previousIndex = -1;
        int previousOut = -1;
        for (Map.Entry<Integer, Tensor[]> layer : layers.entrySet()) {
            Tensor w = layer.getValue()[0];
            Tensor b = layer.getValue()[1];
            if (w == null || b == null || w.dim() != 2 || b.dim() != 1 || b.size(0) != w.size(0)) {
                return Optional.empty();
            }
            if (previousIndex < 0) {
                widths.append(w.size(1));
            } else {
                int gap = layer.getKey() - previousIndex;
                if (w.size(1) != previousOut || gap > 2) {
                    return Optional.empty();
                }
                activations.add(gap == 2 ? "relu" : "none");
            }
            widths.append('-').append(w.size(0));
            previousIndex = layer.getKey();
            previousOut = w.size(0);
        }
        activations.add("none");
        return Optional.of(widths + ":" + String.join(",", activations));
    }
}
