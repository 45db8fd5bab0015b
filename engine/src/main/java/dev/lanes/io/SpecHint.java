package dev.lanes.io;

import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec to suggest when a file's tensors need one, read off the tensors where they say it unambiguously, as a
 * PyTorch {@code nn.Sequential} saves them: Linear layers ({@code k.weight} {@code [out, in]} and {@code k.bias}
 * {@code [out]}, widths chaining) and BatchNorm1d layers ({@code k.running_mean}, {@code k.running_var},
 * {@code k.num_batches_tracked}, with {@code k.weight} and {@code k.bias} {@code [C]} unless
 * {@code affine=false}). Otherwise a neutral example. The tensors cannot say which activation sits between two
 * layers, so a gap of one index is written as {@code relu} and the example says it is a stand-in; nor can a 1-D
 * weight without running statistics say whether it is a LayerNorm's or a BatchNorm1d's without them, so no spec is
 * derived then and the example says why.
 */
final class SpecHint {

    /** Shown when the tensors are not a Linear stack: an example of the grammar, not a guess at this file. */
    static final String NEUTRAL = "784-128-10:relu,none";
    private static final Pattern ENTRY =
            Pattern.compile("(\\d{1,9})\\.(weight|bias|running_mean|running_var|num_batches_tracked)");
    private static final Set<String> LINEAR = Set.of("weight", "bias");
    private static final Set<String> RUNNING = Set.of("running_mean", "running_var", "num_batches_tracked");
    private static final String PLACEHOLDER = "relu";

    private SpecHint() {
    }

    /** What the tensors say: a spec (null when they do not say one), and why not or what in it is a stand-in. */
    private record Reading(String spec, String note) {
        static final Reading NONE = new Reading(null, null);
    }

    /** {@code e.g. --spec '...'}, derived from {@code params} where possible. */
    static String example(Map<String, Tensor> params) {
        Reading r = read(params);
        if (r.spec() != null) {
            return "e.g. --spec '" + r.spec() + "'" + (r.note() == null ? "" : " (" + r.note() + ")");
        }
        return "e.g. --spec '" + NEUTRAL + "' (the layer widths, then one activation per layer)"
                + (r.note() == null ? "" : "; " + r.note());
    }

    /** The spec of a stack of Linear and BatchNorm1d layers with these tensors, if they are one. */
    static Optional<String> derived(Map<String, Tensor> params) {
        return Optional.ofNullable(read(params).spec());
    }

    private static Reading read(Map<String, Tensor> params) {
        TreeMap<Integer, Map<String, Tensor>> layers = new TreeMap<>(); // index -> its tensors by local name
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Matcher m = ENTRY.matcher(e.getKey());
            if (!m.matches()) {
                return Reading.NONE;
            }
            layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>()).put(m.group(2), e.getValue());
        }
        if (layers.isEmpty() || layers.firstKey() != 0) {
            return Reading.NONE;
        }
        List<String> named = new ArrayList<>(); // the layers in the registry's form: linear(4,8) batchnorm1d(8) ...
        List<Integer> widths = new ArrayList<>(); // the shorthand's, which holds Linear layers only
        boolean onlyLinear = true;
        List<String> activations = new ArrayList<>(); // the shorthand's, one per Linear
        boolean guessed = false;
        int previousIndex = -1;
        int width = -1; // the previous layer's output width
        for (Map.Entry<Integer, Map<String, Tensor>> layer : layers.entrySet()) {
            int gap = layer.getKey() - previousIndex;
            if (previousIndex >= 0) {
                if (gap > 2) {
                    return Reading.NONE;
                }
                if (gap == 2) {
                    named.add(PLACEHOLDER);
                    guessed = true;
                }
                activations.add(gap == 2 ? PLACEHOLDER : "none");
            }
            Map<String, Tensor> t = layer.getValue();
            if (t.keySet().equals(LINEAR) && t.get("weight").dim() == 2) {
                Tensor w = t.get("weight");
                Tensor b = t.get("bias");
                if (b.dim() != 1 || b.size(0) != w.size(0) || (width >= 0 && w.size(1) != width)) {
                    return Reading.NONE;
                }
                if (width < 0) {
                    widths.add(w.size(1));
                }
                named.add("linear(" + w.size(1) + "," + w.size(0) + ")");
                widths.add(w.size(0));
                width = w.size(0);
            } else if (t.keySet().containsAll(RUNNING)) {
                int c = batchNormFeatures(t);
                if (c < 0 || (width >= 0 && c != width)) {
                    return Reading.NONE;
                }
                named.add("batchnorm1d(" + c + (t.containsKey("weight") ? "" : ", affine=false") + ")");
                onlyLinear = false;
                width = c;
            } else if (t.containsKey("weight") && t.get("weight").dim() == 1) {
                return new Reading(null, "layer " + layer.getKey() + " holds a 1-D weight of "
                        + t.get("weight").size(0) + " and no running statistics, as a layernorm or a batchnorm1d"
                        + " with track_running_stats=false does; the tensors cannot tell which");
            } else {
                return Reading.NONE;
            }
            previousIndex = layer.getKey();
        }
        activations.add("none");
        String note = guessed ? "the tensors do not record activations: " + PLACEHOLDER
                + " stands for the layer between two that hold tensors" : null;
        String spec = onlyLinear ? String.join("-", widths.stream().map(String::valueOf).toList()) + ":"
                + String.join(",", activations) : String.join(" ", named);
        return new Reading(spec, note);
    }

    /**
     * The feature count of a BatchNorm1d's tensors: running statistics {@code [C]}, a 0-D batch count, and either
     * both or neither of weight and bias {@code [C]}; -1 when they are not that.
     */
    private static int batchNormFeatures(Map<String, Tensor> t) {
        Tensor mean = t.get("running_mean");
        int c = mean.dim() == 1 ? mean.size(0) : -1;
        boolean affine = t.containsKey("weight");
        if (c < 0 || affine != t.containsKey("bias") || t.get("num_batches_tracked").dim() != 0
                || t.size() != (affine ? 5 : 3)) {
            return -1;
        }
        for (String name : List.of("running_var", "weight", "bias")) {
            Tensor v = t.get(name);
            if (v != null && (v.dim() != 1 || v.size(0) != c)) {
                return -1;
            }
        }
        return c;
    }
}
