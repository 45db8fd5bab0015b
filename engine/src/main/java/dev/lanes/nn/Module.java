package dev.lanes.nn;

import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A building block of a network, PyTorch's {@code nn.Module}: it owns named parameters (leaf tensors with
 * {@code requiresGrad(true)}), named buffers (state that is saved but not trained, such as BatchNorm's running
 * statistics) and named child modules, all kept in registration order, and maps an input tensor to an output in
 * {@link #forward}. Names are dotted paths such as {@code model.2.bias}.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> int64Buffers = new LinkedHashSet<>(); // names of own buffers PyTorch keeps as int64
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** For subclasses: a module starts in training mode with no parameters and no children. */
    protected Module() {
    }

    /** The computation of this module. */
    public abstract Tensor forward(Tensor input);

    /** Alias of {@link #forward}, as {@code module(x)} in PyTorch. */
    public final Tensor call(Tensor input) {
        return forward(input);
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers {@code parameter} under {@code name} and makes it require grad; returns it. A parameter must be a
     * leaf tensor (one no op produced), as in PyTorch.
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkNewName(name);
        if (!parameter.isLeaf()) {
            throw new IllegalArgumentException(typeName() + ": parameter '" + name
                    + "' must be a leaf tensor, but it was produced by " + parameter.gradFn()
                    + "; pass tensor.detach() or a fresh tensor");
        }
        parameters.put(name, parameter.requiresGrad(true));
        return parameter;
    }

    /**
     * Registers {@code buffer} under {@code name} and returns it: state the module keeps and updates itself (PyTorch's
     * {@code register_buffer}). It is in {@link #stateDict()} and {@link #loadStateDict} but not in
     * {@link #parameters()}, so optimizers, gradient clipping and {@link #requiresGrad(boolean)} never see it.
     */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkNewName(name);
        if (buffer == null || buffer.requiresGrad()) {
            throw new IllegalArgumentException(typeName() + ": buffer '" + name + "' must be a tensor that does not"
                    + " require grad");
        }
        buffers.put(name, buffer);
        return buffer;
    }

    /**
     * Registers a buffer of whole numbers that PyTorch keeps as {@code int64} (a counter such as BatchNorm's
     * {@code num_batches_tracked}). Lanes holds it as float, exact up to 2^24; model files store it as {@code I64},
     * so they load into PyTorch as its own files do.
     */
    protected final Tensor registerInt64Buffer(String name, Tensor buffer) {
        registerBuffer(name, buffer);
        int64Buffers.add(name);
        return buffer;
    }

    /** Registers {@code child} under {@code name}; its parameters appear as {@code name.<its names>}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkNewName(name);
        if (child == null) {
            throw new IllegalArgumentException(typeName() + ": child module '" + name + "' is null");
        }
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeName() + ": invalid name '" + name
                    + "' (names must be non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + ": the name '" + name
                    + "' is already registered");
        }
    }

    // ------------------------------------------------------------------ traversal

    /** Every parameter of this module and its descendants, each once, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted name ({@code 0.weight}, {@code model.2.bias}); a tensor shared by two modules appears once. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen) {
        parameters.forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(prefix + name, p);
            }
        });
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, seen));
    }

    /** Every buffer of this module and its descendants by dotted name ({@code 1.running_mean}), each once. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((module, m) -> m.buffers.forEach((name, b) -> {
            if (seen.add(b)) {
                out.put(module.isEmpty() ? name : module + "." + name, b);
            }
        }));
        return out;
    }

    /** The dotted names of the buffers that hold whole numbers PyTorch keeps as {@code int64} (files store them so). */
    public Set<String> int64BufferNames() {
        Set<String> out = new LinkedHashSet<>();
        namedModules().forEach((module, m) -> m.int64Buffers.forEach(name ->
                out.add(module.isEmpty() ? name : module + "." + name)));
        return out;
    }

    /** The direct children by name, in registration order (read-only). */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * This module and every descendant by dotted name, this one under {@code ""} (PyTorch's {@code named_modules()});
     * a module reached twice appears once, under its first name.
     */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules("", out, seen);
        return out;
    }

    private void collectModules(String name, Map<String, Module> out, Set<Module> seen) {
        if (seen.add(this)) {
            out.put(name, this);
            children.forEach((child, m) -> m.collectModules(name.isEmpty() ? child : name + "." + child, out, seen));
        }
    }

    /** This module's own parameters (not its children's) by name, in registration order (read-only). */
    protected Map<String, Tensor> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    // ------------------------------------------------------------------ mode and gradients

    /**
     * Whether autograd records gradients for every parameter of this module and its descendants (PyTorch's
     * {@code requires_grad_}): {@code false} freezes them (the optimizer's next {@code zeroGrad} drops their
     * gradients, so it leaves them as they are); returns this.
     */
    public Module requiresGrad(boolean requires) {
        for (Tensor p : parameters()) {
            p.requiresGrad(requires);
        }
        return this;
    }

    /** Sets training mode on this module and every descendant (Dropout reads it); returns this. */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public Module train() {
        return train(true);
    }

    /** Evaluation mode: {@code train(false)}. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Zeroes the gradient of every parameter (keeping the buffers, as {@code Optimizer.zeroGrad()}); a parameter
     * that no longer requires grad (frozen) has its gradient dropped, so an optimizer skips it.
     */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            if (p.requiresGrad()) {
                p.zeroGrad();
            } else {
                p.clearGrad();
            }
        }
    }

    // ------------------------------------------------------------------ state

    /**
     * The parameters and buffers by dotted name, as tensors that share their values but carry no grad (PyTorch's
     * {@code state_dict()}), in PyTorch's order: each module's parameters, then its buffers, then its children's.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state().forEach((name, t) -> out.put(name, t.detach()));
        return out;
    }

    /** Parameters and buffers by dotted name, in state-dict order, each tensor once. */
    private Map<String, Tensor> state() {
        Set<Tensor> parameterSet = Collections.newSetFromMap(new IdentityHashMap<>());
        parameterSet.addAll(namedParameters().values());
        Set<Tensor> bufferSet = Collections.newSetFromMap(new IdentityHashMap<>());
        bufferSet.addAll(namedBuffers().values());
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((module, m) -> {
            String prefix = module.isEmpty() ? "" : module + ".";
            m.parameters.forEach((name, p) -> {
                if (parameterSet.remove(p)) { // the first name of a shared tensor, as namedParameters() keeps it
                    out.put(prefix + name, p);
                }
            });
            m.buffers.forEach((name, b) -> {
                if (bufferSet.remove(b)) {
                    out.put(prefix + name, b);
                }
            });
        });
        return out;
    }

    /**
     * Copies values from {@code state} into the parameters and buffers of the same name. Every one must be present,
     * no extra name may appear and shapes must match; errors name the entries concerned, each as the parameter or
     * buffer it is (a name the module does not have is an unexpected tensor), and nothing is copied then.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = state();
        Set<String> bufferNames = namedBuffers().keySet();
        Set<String> missing = new LinkedHashSet<>(own.keySet());
        missing.removeAll(state.keySet());
        Set<String> unexpected = new LinkedHashSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            Set<String> missingBuffers = new LinkedHashSet<>(missing);
            missingBuffers.retainAll(bufferNames);
            missing.removeAll(missingBuffers);
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                problems.add("missing parameters " + missing);
            }
            if (!missingBuffers.isEmpty()) {
                problems.add("missing buffers " + missingBuffers);
            }
            if (!unexpected.isEmpty()) {
                problems.add("unexpected tensors " + unexpected + " (" + typeName()
                        + " has no parameter or buffer of that name)");
            }
            throw new IllegalArgumentException("loadStateDict: the state does not fit " + typeName() + ": "
                    + String.join(", ", problems));
        }
        own.forEach((name, p) -> {
            String kind = bufferNames.contains(name) ? "buffer" : "parameter";
            Tensor source = state.get(name);
            if (source == null) {
                throw new IllegalArgumentException("loadStateDict: " + kind + " '" + name + "' maps to null in the"
                        + " state");
            }
            if (!Arrays.equals(source.shape(), p.shape())) {
                throw new IllegalArgumentException("loadStateDict: " + kind + " '" + name + "' has shape "
                        + Arrays.toString(p.shape()) + " but the state holds shape " + Arrays.toString(source.shape()));
            }
        });
        try (var scope = GradMode.noGrad()) {
            own.forEach((name, p) -> p.copyInPlace(state.get(name)));
        }
    }

    // ------------------------------------------------------------------ printing

    /** What goes between the parentheses of this module's line, e.g. {@code in_features=3, out_features=10}. */
    protected String extraRepr() {
        return "";
    }

    /** Lines printed inside this module's block before its children (containers list their parameters here). */
    protected List<String> reprLines() {
        return List.of();
    }

    /** One {@code (name): Parameter containing: [...]} line per own parameter, for containers' {@link #reprLines}. */
    protected final List<String> ownParameterLines() {
        List<String> lines = new ArrayList<>();
        parameters.forEach((name, p) -> lines.add("(" + name + "): " + Parameter.describe(p)));
        return lines;
    }

    /**
     * The class's simple name, as PyTorch prints a module's type; for an anonymous or local class (whose simple
     * name is empty or bare) the binary name without the package, e.g. {@code Main$1}.
     */
    public final String typeName() {
        Class<?> c = getClass();
        return c.isAnonymousClass() || c.isLocalClass()
                ? c.getName().substring(c.getPackageName().isEmpty() ? 0 : c.getPackageName().length() + 1)
                : c.getSimpleName();
    }

    /** PyTorch-style tree: {@code Sequential(\n  (0): Linear(in_features=3, ...)\n ...)}. */
    @Override
    public String toString() {
        String name = typeName();
        String extra = extraRepr();
        List<String> lines = reprLines();
        if (children.isEmpty() && lines.isEmpty()) {
            return name + "(" + extra + ")";
        }
        StringBuilder sb = new StringBuilder(name).append('(').append(extra).append("\n");
        lines.forEach(line -> sb.append(indent(line)).append('\n'));
        children.forEach((childName, child) ->
                sb.append(indent("(" + childName + "): " + child)).append('\n'));
        return sb.append(')').toString();
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
