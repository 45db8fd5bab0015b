package dev.lanes.optim;

import dev.lanes.tensor.Tensor;
import java.util.List;

/**
 * Parameters that share hyper-parameters (PyTorch's {@code param_groups} entry): e.g. a backbone with a small
 * learning rate and a head with a larger one. Values can be changed between steps (schedules); each change is
 * checked like the constructor's arguments.
 */
public final class ParamGroup {

    private final OptimizerSpec spec;
    private final List<Tensor> params;
    private Hyperparameters hyperparameters;

    ParamGroup(OptimizerSpec spec, List<Tensor> params, Hyperparameters hyperparameters) {
        this.spec = spec;
        this.params = List.copyOf(params);
        this.hyperparameters = hyperparameters;
    }

    /** The parameters of this group, in the order they were given. */
    public List<Tensor> params() {
        return params;
    }

    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    public float lr() {
        return hyperparameters.getFloat("lr");
    }

    /** Sets this group's learning rate for the following steps. */
    public void setLr(float lr) {
        set("lr", lr);
    }

    /** Sets one hyper-parameter ({@code Float}, {@code Boolean} or {@code float[]} for pairs), checked. */
    public void set(String option, Object value) {
        hyperparameters = spec.with(hyperparameters, option, value);
    }

    public float getFloat(String option) {
        return hyperparameters.getFloat(option);
    }

    public boolean getBoolean(String option) {
        return hyperparameters.getBoolean(option);
    }

    public float getFloat(String option, int index) {
        return hyperparameters.getFloat(option, index);
    }

    public float[] getFloats(String option) {
        return hyperparameters.getFloats(option);
    }

    void replace(Hyperparameters values) {
        hyperparameters = values;
    }

    @Override
    public String toString() {
        return params.size() + " params " + hyperparameters;
    }
}
