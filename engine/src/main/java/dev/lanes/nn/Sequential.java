package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Modules applied one after another, PyTorch's {@code nn.Sequential}; children are named {@code 0, 1, 2, ...}.
 *
 * <p>A {@link FusableLinear} directly followed by a {@link FusableActivation} runs as one fused kernel call
 * (matrix product, bias and activation in one pass), with the same numbers as the two run one by one.
 */
public final class Sequential extends Module {

    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    public static Sequential of(Module... modules) {
        return new Sequential(modules);
    }

    /** Adds {@code module} at the end, under the next index; returns this. */
    public Sequential append(Module module) {
        registerModule(String.valueOf(layers.size()), module);
        layers.add(module);
        return this;
    }

    /** The module at {@code index}; a negative index counts from the end ({@code bp[-1]} is {@code get(-1)}). */
    public Module get(int index) {
        return layers.get(ListIndex.resolve("Sequential.get", index, layers.size(), "layers"));
    }

    public int size() {
        return layers.size();
    }

    /** The layers in order (read-only). */
    public List<Module> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            try {
                if (layer instanceof FusableLinear linear && i + 1 < layers.size()
                        && layers.get(i + 1) instanceof FusableActivation act) {
                    x = linear.forwardFused(x, act.activation(), act.alpha());
                    i++;
                } else {
                    x = layer.forward(x);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Sequential layer " + i + " (" + firstLine(layer) + "): "
                        + e.getMessage(), e);
            }
        }
        return x;
    }

    private static String firstLine(Module m) {
        String s = m.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + "...)";
    }
}
