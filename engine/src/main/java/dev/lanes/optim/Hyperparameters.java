package dev.lanes.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The hyper-parameter values of one parameter group (PyTorch's group dict minus {@code params}): numbers as
 * {@code Float}, flags as {@code Boolean}, pairs such as {@code betas} as {@code float[]}. Immutable; every
 * instance was checked by its {@link OptimizerSpec}.
 */
public final class Hyperparameters {

    private final Map<String, Object> values;
    // The same entries as arrays: optimizers read their options every step, for every parameter, usually by string
    // literal, and an identity scan of a handful of names costs a fraction of a hash lookup (10 % of a W1 step).
    private final String[] names;
    private final Object[] entries;

    Hyperparameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.names = this.values.keySet().toArray(String[]::new);
        this.entries = this.values.values().toArray();
    }

    /** The value of a numeric option such as {@code "lr"}. */
    public float getFloat(String name) {
        return (Float) value(name, Float.class);
    }

    /** The value of a flag such as {@code "nesterov"}. */
    public boolean getBoolean(String name) {
        return (Boolean) value(name, Boolean.class);
    }

    /** A copy of a pair such as {@code "betas"}. */
    public float[] getFloats(String name) {
        return ((float[]) value(name, float[].class)).clone();
    }

    /** One element of a pair, e.g. {@code getFloat("betas", 1)} for β2, without copying the pair. */
    public float getFloat(String name, int index) {
        float[] pair = (float[]) value(name, float[].class);
        if (index < 0 || index >= pair.length) {
            throw new IndexOutOfBoundsException("hyper-parameter '" + name + "' has " + pair.length
                    + " values, no index " + index);
        }
        return pair[index];
    }

    /** The option names, in the order the optimizer declares them. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    Object raw(String name) {
        return values.get(name);
    }

    Map<String, Object> asMap() {
        return values;
    }

    private Object value(String name, Class<?> type) {
        Object v = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) { // the same literal: no hashing, no equals
                v = entries[i];
                break;
            }
        }
        if (v == null) {
            v = values.get(name);
        }
        if (v == null) {
            throw new IllegalArgumentException("no hyper-parameter '" + name + "'; known: "
                    + String.join(", ", values.keySet()));
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("hyper-parameter '" + name + "' is a " + describe(v) + ", not a "
                    + type.getSimpleName());
        }
        return v;
    }

    private static String describe(Object v) {
        return v instanceof float[] ? "pair of numbers" : v.getClass().getSimpleName();
    }

    /** Formats a value as PyTorch prints it in a group: numbers, {@code True}/{@code False}, {@code (a, b)}. */
    static String format(Object v) {
        if (v instanceof float[] pair) {
            StringJoiner j = new StringJoiner(", ", "(", ")");
            for (float f : pair) {
                j.add(Float.toString(f));
            }
            return j.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Hyperparameters other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object a = e.getValue();
            Object b = other.values.get(e.getKey());
            boolean same = a instanceof float[] fa && b instanceof float[] fb ? Arrays.equals(fa, fb) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        values.forEach((k, v) -> j.add(k + "=" + format(v)));
        return j.toString();
    }
}
