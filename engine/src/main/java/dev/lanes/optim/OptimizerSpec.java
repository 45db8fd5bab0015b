package dev.lanes.optim;

import dev.lanes.spi.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an optimizer accepts and keeps: its registry name, its hyper-parameters (PyTorch names, defaults and
 * the checks PyTorch's constructors make, plus finiteness) and the names of its per-parameter state buffers.
 * One declaration serves the typed constructors, the registry's {@link Options}, parameter groups, schedules
 * and checkpoints, so every path validates the same way.
 */
public final class OptimizerSpec {

    /** The range a numeric hyper-parameter must lie in. */
    public enum Range {
        /** Any finite number. */
        FINITE("a finite number"),
        /** A finite number >= 0 (learning rates, eps, weight decay, momentum...). */
        NON_NEGATIVE("a finite number >= 0"),
        /** A number in [0, 1) (Adam's betas). */
        UNIT("a number in [0, 1)");

        private final String description;

        Range(String description) {
            this.description = description;
        }

        boolean contains(float v) {
            return switch (this) {
                case FINITE -> Float.isFinite(v);
                case NON_NEGATIVE -> Float.isFinite(v) && v >= 0f;
                case UNIT -> v >= 0f && v < 1f;
            };
        }
    }

    private enum Kind { NUMBER, FLAG, PAIR }

    private record Option(String name, Kind kind, Object defaultValue, Range range) {
    }

    private final String name;
    private final Map<String, Option> options;
    private final List<Function<Hyperparameters, String>> rules;
    private final List<String> bufferNames;
    private final Hyperparameters defaults;

    private OptimizerSpec(Builder b) {
        this.name = b.name;
        this.options = new LinkedHashMap<>(b.options);
        this.rules = List.copyOf(b.rules);
        this.bufferNames = List.copyOf(b.buffers);
        Map<String, Object> values = new LinkedHashMap<>();
        options.values().forEach(o -> values.put(o.name, o.defaultValue));
        this.defaults = checked(values);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The registry name, e.g. {@code "adam"}; used in every error message. */
    public String name() {
        return name;
    }

    /** The hyper-parameter names, in declaration order ({@code lr} first by convention). */
    public List<String> optionNames() {
        return List.copyOf(options.keySet());
    }

    /** The names of the per-parameter state buffers, e.g. {@code exp_avg}. */
    public List<String> bufferNames() {
        return bufferNames;
    }

    /** PyTorch's default hyper-parameters. */
    public Hyperparameters defaults() {
        return defaults;
    }

    /** The defaults overridden by {@code options}; unknown names and bad values fail naming the option. */
    public Hyperparameters resolve(Options options) {
        return resolve(defaults, options);
    }

    /** {@code base} overridden by {@code overrides}, checked. */
    public Hyperparameters resolve(Hyperparameters base, Options overrides) {
        Options o = overrides.forOwner(name);
        o.requireOnly(new LinkedHashSet<>(options.keySet()));
        Map<String, Object> values = new LinkedHashMap<>(base.asMap());
        for (Option opt : options.values()) {
            if (!o.has(opt.name)) {
                continue;
            }
            Object current = values.get(opt.name);
            values.put(opt.name, switch (opt.kind) {
                case NUMBER -> o.getFloat(opt.name, (Float) current);
                case FLAG -> o.getBoolean(opt.name, (Boolean) current);
                case PAIR -> o.getFloats(opt.name, (float[]) current);
            });
        }
        return checked(values);
    }

    /** {@code base} with one value replaced (a number, {@code Boolean} or {@code float[]}), checked. */
    public Hyperparameters with(Hyperparameters base, String option, Object value) {
        return withAll(base, Map.of(option, value));
    }

    /** {@code base} with several values replaced at once, so that cross-option rules see the final values. */
    Hyperparameters withAll(Hyperparameters base, Map<String, Object> replacements) {
        Map<String, Object> values = new LinkedHashMap<>(base.asMap());
        replacements.forEach((option, value) -> values.put(option, typed(option, value)));
        return checked(values);
    }

    private Object typed(String option, Object value) {
        Option opt = option(option);
        if (opt.kind == Kind.NUMBER && value instanceof Number number) {
            return number.floatValue();
        }
        Class<?> type = switch (opt.kind) {
            case NUMBER -> Float.class;
            case FLAG -> Boolean.class;
            case PAIR -> float[].class;
        };
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + ": option '" + option + "' takes a "
                    + (opt.kind == Kind.PAIR ? "pair of numbers (float[2])" : type.getSimpleName()) + ", got "
                    + Hyperparameters.format(value));
        }
        return value instanceof float[] f ? f.clone() : value;
    }

    /** The value of {@code option} as the floats a state dict stores: numbers 1, flags 1 or 0, pairs 2. */
    float[] encode(Hyperparameters h, String option) {
        Object v = h.raw(option);
        if (v instanceof Boolean b) {
            return new float[] {b ? 1f : 0f};
        }
        return v instanceof float[] f ? f.clone() : new float[] {(Float) v};
    }

    /** The inverse of {@link #encode}; fails on a wrong length or a flag other than 0/1. */
    Object decode(String option, float[] stored, String key) {
        Option opt = option(option);
        int expected = opt.kind == Kind.PAIR ? 2 : 1;
        if (stored.length != expected) {
            throw new IllegalArgumentException(name + ": state dict entry '" + key + "' has " + stored.length
                    + " values, expected " + expected);
        }
        return switch (opt.kind) {
            case NUMBER -> stored[0];
            case PAIR -> stored.clone();
            case FLAG -> {
                if (stored[0] != 0f && stored[0] != 1f) {
                    throw new IllegalArgumentException(name + ": state dict entry '" + key
                            + "' must be 0 or 1 (a flag), got " + stored[0]);
                }
                yield stored[0] == 1f;
            }
        };
    }

    boolean hasOption(String option) {
        return options.containsKey(option);
    }

    private Option option(String option) {
        Option opt = options.get(option);
        if (opt == null) {
            throw new IllegalArgumentException(name + ": unknown option '" + option + "'; known options: "
                    + String.join(", ", options.keySet()));
        }
        return opt;
    }

    private Hyperparameters checked(Map<String, Object> values) {
        for (Option opt : options.values()) {
            Object v = values.get(opt.name);
            switch (opt.kind) {
                case NUMBER -> {
                    if (!opt.range.contains((Float) v)) {
                        throw invalid(opt.name, v, "must be " + opt.range.description);
                    }
                }
                case PAIR -> {
                    float[] pair = (float[]) v;
                    if (pair.length != 2) {
                        throw invalid(opt.name, v, "must be a pair of numbers");
                    }
                    for (int i = 0; i < 2; i++) {
                        if (!opt.range.contains(pair[i])) {
                            throw invalid(opt.name, v, opt.name + "[" + i + "] must be " + opt.range.description);
                        }
                    }
                }
                case FLAG -> { }
            }
        }
        Hyperparameters h = new Hyperparameters(values);
        for (Function<Hyperparameters, String> rule : rules) {
            String problem = rule.apply(h);
            if (problem != null) {
                throw new IllegalArgumentException(name + ": " + problem);
            }
        }
        return h;
    }

    private IllegalArgumentException invalid(String option, Object value, String why) {
        return new IllegalArgumentException(name + ": invalid " + option + "=" + Hyperparameters.format(value)
                + ": " + why);
    }

    /** Declares an optimizer's hyper-parameters in order; the first is conventionally {@code lr}. */
    public static final class Builder {
        private final String name;
        private final Map<String, Option> options = new LinkedHashMap<>();
        private final List<Function<Hyperparameters, String>> rules = new ArrayList<>();
        private final List<String> buffers = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** A numeric hyper-parameter with its default and allowed range. */
        public Builder number(String option, float defaultValue, Range range) {
            return add(new Option(option, Kind.NUMBER, defaultValue, range));
        }

        /** A boolean hyper-parameter. */
        public Builder flag(String option, boolean defaultValue) {
            return add(new Option(option, Kind.FLAG, defaultValue, Range.FINITE));
        }

        /** A pair of numbers, each in {@code range}, e.g. Adam's {@code betas}. */
        public Builder pair(String option, float first, float second, Range range) {
            return add(new Option(option, Kind.PAIR, new float[] {first, second}, range));
        }

        /** A check across options: returns a message saying what is wrong, or {@code null} when fine. */
        public Builder rule(Function<Hyperparameters, String> rule) {
            rules.add(rule);
            return this;
        }

        /** The per-parameter state buffers the optimizer may create. */
        public Builder buffers(String... names) {
            buffers.addAll(List.of(names));
            return this;
        }

        public OptimizerSpec build() {
            if (!options.containsKey("lr")) {
                throw new IllegalStateException(name + ": every optimizer needs an 'lr' option");
            }
            return new OptimizerSpec(this);
        }

        private Builder add(Option option) {
            if (options.putIfAbsent(option.name, option) != null) {
                throw new IllegalStateException(name + ": option '" + option.name + "' declared twice");
            }
            return this;
        }
    }
}
