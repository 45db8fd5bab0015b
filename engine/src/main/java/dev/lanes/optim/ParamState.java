package dev.lanes.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state an optimizer keeps for one parameter (PyTorch's {@code optimizer.state[p]}): a step count and
 * named buffers of the parameter's size, created on first use.
 */
public final class ParamState {

    private final String owner;
    private final List<String> allowedBuffers;
    private final int numel;
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private long step;

    ParamState(String owner, List<String> allowedBuffers, int numel) {
        this.owner = owner;
        this.allowedBuffers = allowedBuffers;
        this.numel = numel;
    }

    /** How many updates this parameter has had. */
    public long step() {
        return step;
    }

    void incrementStep() {
        step++;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** Whether the buffer exists yet (e.g. SGD's momentum buffer before the first step). */
    public boolean has(String name) {
        return buffers.containsKey(name);
    }

    /** The buffer {@code name}, created filled with {@code initialValue} on first use. */
    public float[] buffer(String name, float initialValue) {
        float[] b = buffers.get(name);
        if (b == null) {
            checkName(name);
            b = new float[numel];
            if (initialValue != 0f) {
                Arrays.fill(b, initialValue);
            }
            buffers.put(name, b);
        }
        return b;
    }

    /** The buffer {@code name}, created as zeros on first use. */
    public float[] buffer(String name) {
        return buffer(name, 0f);
    }

    Map<String, float[]> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    int numel() {
        return numel;
    }

    void put(String name, float[] values) {
        checkName(name);
        buffers.put(name, values);
    }

    private void checkName(String name) {
        if (!allowedBuffers.contains(name)) {
            throw new IllegalArgumentException(owner + ": '" + name + "' is not a state buffer of " + owner
                    + " (it keeps: " + (allowedBuffers.isEmpty() ? "none" : String.join(", ", allowedBuffers))
                    + ")");
        }
    }
}
