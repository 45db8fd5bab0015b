package dev.lanes.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options a provider builds its object from: names to textual values, with typed getters whose errors
 * name the option and the offending value. Immutable.
 */
public final class Options {

    private static final Options EMPTY = new Options("", Map.of());

    private final String owner;
    private final Map<String, String> values;

    private Options(String owner, Map<String, String> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Options empty() {
        return EMPTY;
    }

    /** Options from {@code key, value, key, value, ...}; values are converted with {@link String#valueOf}. */
    public static Options of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("Options.of needs key/value pairs, got " + keyValues.length + " items");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(key(String.valueOf(keyValues[i])), String.valueOf(keyValues[i + 1]));
        }
        return new Options("", map);
    }

    public static Options of(Map<String, String> map) {
        Map<String, String> normalized = new LinkedHashMap<>();
        map.forEach((k, v) -> normalized.put(key(k), v));
        return new Options("", normalized);
    }

    private static String key(String k) {
        return k.trim().toLowerCase(Locale.ROOT);
    }

    /** The same options, with {@code owner} (e.g. {@code "adam"}) named in error messages. */
    public Options forOwner(String ownerName) {
        return new Options(ownerName, values);
    }

    /** A copy with one more (or replaced) option. */
    public Options with(String name, Object value) {
        Map<String, String> map = new LinkedHashMap<>(values);
        map.put(key(name), String.valueOf(value));
        return new Options(owner, map);
    }

    public boolean has(String name) {
        return values.containsKey(key(name));
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Fails if any option is not in {@code allowed}, listing the allowed names. */
    public void requireOnly(Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(prefix() + "unknown option '" + k + "'; known options: "
                        + String.join(", ", allowed));
            }
        }
    }

    public String getString(String name, String defaultValue) {
        return values.getOrDefault(key(name), defaultValue);
    }

    public int getInt(String name, int defaultValue) {
        String v = values.get(key(name));
        return v == null ? defaultValue : parseInt(name, v);
    }

    public int requireInt(String name) {
        return parseInt(name, require(name));
    }

    public float getFloat(String name, float defaultValue) {
        String v = values.get(key(name));
        return v == null ? defaultValue : parseFloat(name, v);
    }

    public float requireFloat(String name) {
        return parseFloat(name, require(name));
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String v = values.get(key(name));
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(prefix() + "option '" + name + "' must be true or false, got '"
                    + v + "'");
        };
    }

    /**
     * A comma- or space-separated list of floats, bare or in parentheses or brackets: {@code betas=0.9,0.999},
     * {@code betas=(0.9,0.999)}, {@code weight=[1,2,0.5]} (the form a spec carries, see {@link ModelSpec}).
     */
    public float[] getFloats(String name, float[] defaultValue) {
        String v = values.get(key(name));
        if (v == null) {
            return defaultValue.clone();
        }
        String list = v.replaceAll("[()\\[\\]]", "").strip();
        if (list.isEmpty()) {
            throw new IllegalArgumentException(prefix() + "option '" + name + "' must be a list of numbers, got '"
                    + v + "'");
        }
        String[] parts = list.split("\\s*,\\s*|\\s+"); // "1,,2" keeps its empty item, and fails
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) { // which entry: in weight=[1,2,...,x] the bad one is hard to spot
                throw new IllegalArgumentException(prefix() + "option '" + name + "': entry " + (i + 1) + " '"
                        + parts[i] + "' is not a number");
            }
        }
        return out;
    }

    private String require(String name) {
        String v = values.get(key(name));
        if (v == null) {
            throw new IllegalArgumentException(prefix() + "missing required option '" + name + "'");
        }
        return v;
    }

    private int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix() + "option '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private float parseFloat(String name, String v) {
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix() + "option '" + name + "' must be a number, got '" + v + "'");
        }
    }

    private String prefix() {
        return owner.isEmpty() ? "" : owner + ": ";
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
