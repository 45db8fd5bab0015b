package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parameters held in a list, PyTorch's {@code nn.ParameterList}: registered as {@code 0, 1, ...}, so a module
 * holding it as {@code w} exposes {@code w.0, w.1, ...}. A container only: it has no forward.
 */
public final class ParameterList extends Module implements Iterable<Tensor> {

    private final List<Tensor> items = new ArrayList<>();

    public ParameterList() {
    }

    public ParameterList(Iterable<Tensor> parameters) {
        parameters.forEach(this::append);
    }

    public static ParameterList of(Tensor... parameters) {
        return new ParameterList(List.of(parameters));
    }

    /** Adds {@code parameter} (made to require grad) at the end; returns this. */
    public ParameterList append(Tensor parameter) {
        items.add(registerParameter(String.valueOf(items.size()), Parameter.of(parameter)));
        return this;
    }

    /** The parameter at {@code index}; a negative index counts from the end ({@code w[-1]} is {@code get(-1)}). */
    public Tensor get(int index) {
        return items.get(ListIndex.resolve("ParameterList.get", index, items.size(), "parameters"));
    }

    public int size() {
        return items.size();
    }

    @Override
    public Iterator<Tensor> iterator() {
        return List.copyOf(items).iterator();
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ParameterList is a container and has no forward; "
                + "use its parameters in the forward of the module that holds it");
    }

    @Override
    protected List<String> reprLines() {
        return ownParameterLines();
    }
}
