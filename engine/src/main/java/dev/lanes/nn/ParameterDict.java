package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Parameters by name, PyTorch's {@code nn.ParameterDict}, in insertion order. A container only: no forward.
 */
public final class ParameterDict extends Module {

    /** An empty dict; add parameters with {@link #put}. */
    public ParameterDict() {
    }

    /** Adds {@code parameter} (made to require grad) under {@code name}; returns this. */
    public ParameterDict put(String name, Tensor parameter) {
        registerParameter(name, Parameter.of(parameter));
        return this;
    }

    public Tensor get(String name) {
        Tensor p = ownParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException("ParameterDict: no parameter named '" + name + "'; names: "
                    + ownParameters().keySet());
        }
        return p;
    }

    public boolean containsKey(String name) {
        return ownParameters().containsKey(name);
    }

    public Set<String> keys() {
        return ownParameters().keySet();
    }

    public int size() {
        return ownParameters().size();
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ParameterDict is a container and has no forward; "
                + "use its parameters in the forward of the module that holds it");
    }

    @Override
    protected List<String> reprLines() {
        return ownParameterLines();
    }
}
