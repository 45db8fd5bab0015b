package dev.lanes.optim;

import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell every optimizer shares (PyTorch's {@code torch.optim.Optimizer}): parameter groups with their own
 * hyper-parameters, per-parameter state created lazily on the first update, {@link #zeroGrad()}, a
 * {@link #step()} that visits every parameter with a gradient, and checkpointable state.
 *
 * <p>A subclass declares an {@link OptimizerSpec} and implements {@link #update}, the math for one parameter.
 */
public abstract class Optimizer {

    private final OptimizerSpec spec;
    private final Hyperparameters defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * @param spec    what this optimizer accepts and keeps
     * @param params  the first parameter group (leaf tensors; usually {@code module.parameters()})
     * @param options overrides of the spec's defaults; these become the defaults of later groups too
     */
    protected Optimizer(OptimizerSpec spec, Iterable<Tensor> params, Options options) {
        this.spec = spec;
        this.defaults = spec.resolve(options);
        addParamGroup(params);
    }

    /** The registry name, e.g. {@code "sgd"}. */
    public final String name() {
        return spec.name();
    }

    public final OptimizerSpec spec() {
        return spec;
    }

    /** The hyper-parameters groups start from (the spec's defaults with the constructor's options). */
    public final Hyperparameters defaults() {
        return defaults;
    }

    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Adds a group that uses this optimizer's defaults. */
    public final ParamGroup addParamGroup(Iterable<Tensor> params) {
        return addParamGroup(params, Options.empty());
    }

    /** Adds a group whose hyper-parameters are this optimizer's defaults overridden by {@code overrides}. */
    public final ParamGroup addParamGroup(Iterable<Tensor> params, Options overrides) {
        Hyperparameters values = spec.resolve(defaults, overrides);
        List<Tensor> list = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : groups) {
            g.params().forEach(p -> seen.put(p, Boolean.TRUE));
        }
        int index = 0;
        for (Tensor p : params) {
            if (p == null) {
                throw new IllegalArgumentException(name() + ": parameter " + index + " of group " + groups.size()
                        + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name() + ": can't optimize a non-leaf tensor (parameter " + index
                        + " of group " + groups.size() + " was produced by " + p.gradFn() + ")");
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(name() + ": parameter " + index + " of group " + groups.size()
                        + " appears more than once in this optimizer's parameter groups");
            }
            list.add(p);
            index++;
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(name() + ": got an empty parameter list for group " + groups.size());
        }
        ParamGroup group = new ParamGroup(spec, list, values);
        groups.add(group);
        return group;
    }

    /** The learning rate of the first group. */
    public final float lr() {
        return groups.getFirst().lr();
    }

    /** Sets the learning rate of every group, for the following steps (what a schedule does). */
    public final void setLr(float lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr);
        }
    }

    /**
     * Zeroes every parameter's gradient, keeping the buffers so steady-state training allocates nothing.
     * Unlike PyTorch's default ({@code set_to_none=True}) a parameter whose gradient was zeroed is still
     * updated by the next step (momentum and weight decay act on it); use {@link #zeroGrad(boolean)} with
     * {@code true} for PyTorch's behaviour. A parameter that no longer requires grad (frozen) has its gradient
     * dropped either way, so the optimizer skips it, as it would in PyTorch.
     */
    public final void zeroGrad() {
        zeroGrad(false);
    }

    /**
     * Zeroes the gradients, or drops them ({@code grad = None}) when {@code setToNone}; the gradients of parameters
     * that no longer require grad are dropped in both cases.
     */
    public final void zeroGrad(boolean setToNone) {
        for (int gi = 0; gi < groups.size(); gi++) { // indexed loops: no iterator per call in a training loop
            List<Tensor> params = groups.get(gi).params();
            for (int pi = 0; pi < params.size(); pi++) {
                Tensor p = params.get(pi);
                if (setToNone || !p.requiresGrad()) { // a frozen parameter must not move with momentum or decay
                    p.clearGrad();
                } else {
                    p.zeroGrad();
                }
            }
        }
    }

    /** One update of every parameter that has a gradient; parameters without one are skipped. */
    public void step() {
        for (int gi = 0; gi < groups.size(); gi++) { // indexed loops: no iterator per step
            ParamGroup g = groups.get(gi);
            List<Tensor> params = g.params();
            for (int pi = 0; pi < params.size(); pi++) {
                Tensor p = params.get(pi);
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                ParamState s = state.get(p);
                if (s == null) { // lazily, as PyTorch: a parameter that never gets a gradient costs nothing
                    s = newState(p.numel());
                    state.put(p, s);
                }
                s.incrementStep();
                update(g, p, grad.storage(), s);
                p.markModified();
            }
        }
    }

    /**
     * Updates one parameter in place ({@code param.storage()}) from its gradient, the group's hyper-parameters
     * and its state (step already counts this update).
     */
    protected abstract void update(ParamGroup group, Tensor param, float[] grad, ParamState state);

    /** The state of {@code param}, or {@code null} before its first update. */
    public final ParamState state(Tensor param) {
        return state.get(param);
    }

    /**
     * The optimizer's state as named float arrays, for checkpoints: {@code state.<i>.step},
     * {@code state.<i>.<buffer>} (i counts parameters across groups, in order) and
     * {@code param_groups.<g>.<option>} and {@code param_groups.<g>.params}. Arrays are copies. Flags are
     * stored as 0/1; step counts are exact up to 2^24 (as PyTorch's float32 {@code step} tensors).
     */
    public final Map<String, float[]> stateDict() {
        return OptimizerStateDict.export(this);
    }

    /**
     * Restores a {@link #stateDict()} taken from an optimizer of the same kind over parameters of the same
     * shapes and grouping; nothing changes when the dict does not fit. Options a dict lacks keep their values.
     */
    public final void loadStateDict(Map<String, float[]> dict) {
        OptimizerStateDict.load(this, dict);
    }

    ParamState newState(int numel) {
        return new ParamState(spec.name(), spec.bufferNames(), numel);
    }

    Map<Tensor, ParamState> stateMap() {
        return state;
    }

    /** PyTorch-like printout: the class name and every group's hyper-parameters. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            Hyperparameters h = groups.get(i).hyperparameters();
            for (String n : h.names()) {
                sb.append("\n    ").append(n).append(": ").append(Hyperparameters.format(h.raw(n)));
            }
        }
        return sb.append("\n)").toString();
    }
}
