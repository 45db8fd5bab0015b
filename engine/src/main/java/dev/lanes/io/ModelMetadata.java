package dev.lanes.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Lanes model file says about itself in the safetensors {@code __metadata__} map (string values only, so
 * lists are stored as JSON arrays): the architecture spec, the class labels (none for regression), the input
 * feature names and target column, and the per-feature standardization applied before the first layer.
 *
 * @param spec      the architecture in the model spec grammar ({@link dev.lanes.spi.ModelSpec}), e.g.
 *                  {@code "linear(64,128) relu linear(128,10)"} or its shorthand {@code "64-128-10:relu,none"};
 *                  null when the file carries none (files written by PyTorch)
 * @param classes   class labels in output order; empty for a regression model
 * @param features  input column names, in input order; empty when unknown
 * @param target    the name of the predicted column; null when unknown
 * @param mean      per-feature mean subtracted from the inputs; null when inputs are not standardized
 * @param std       per-feature standard deviation the inputs are divided by (a file's must be positive); null with
 *                  {@code mean}
 */
public record ModelMetadata(String spec, List<String> classes, List<String> features, String target, float[] mean,
        float[] std) {

    public static final String SPEC = "lanes.spec";
    public static final String CLASSES = "lanes.classes";
    public static final String FEATURES = "lanes.features";
    public static final String TARGET = "lanes.target";
    public static final String MEAN = "lanes.standardize.mean";
    public static final String STD = "lanes.standardize.std";

    public ModelMetadata {
        classes = List.copyOf(classes);
        features = List.copyOf(features);
        if ((mean == null) != (std == null) || (mean != null && mean.length != std.length)) {
            throw new IllegalArgumentException("standardization needs a mean and a std of one length");
        }
    }

    public boolean isClassifier() {
        return !classes.isEmpty();
    }

    /** The {@code __metadata__} map; entries that are absent are left out. Other keys pass through untouched. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec != null) {
            map.put(SPEC, spec);
        }
        if (!classes.isEmpty()) {
            map.put(CLASSES, stringArray(classes));
        }
        if (!features.isEmpty()) {
            map.put(FEATURES, stringArray(features));
        }
        if (target != null) {
            map.put(TARGET, target);
        }
        if (mean != null) {
            map.put(MEAN, floatArray(mean));
            map.put(STD, floatArray(std));
        }
        return map;
    }

    /**
     * Reads the Lanes keys of a {@code __metadata__} map; {@code source} names the file in errors. Numbers must be
     * finite floats and every std positive (the inputs are divided by it), and feature names and standardization
     * must cover as many features.
     */
    public static ModelMetadata fromMap(Map<String, String> map, String source) {
        float[] mean = map.containsKey(MEAN) ? floats(map.get(MEAN), MEAN, source) : null;
        float[] std = map.containsKey(STD) ? floats(map.get(STD), STD, source) : null;
        if ((mean == null) != (std == null) || (mean != null && mean.length != std.length)) {
            throw new ModelFileException(source + ": metadata " + MEAN + " and " + STD
                    + " must both be present and of one length");
        }
        for (int i = 0; std != null && i < std.length; i++) {
            if (std[i] <= 0) {
                throw new ModelFileException(source + ": metadata " + STD + " value " + i + " is " + std[i]
                        + "; the inputs are divided by it, so it must be positive");
            }
        }
        List<String> features = strings(map.get(FEATURES), FEATURES, source);
        if (mean != null && !features.isEmpty() && features.size() != mean.length) {
            throw new ModelFileException(source + ": metadata " + FEATURES + " names " + features.size()
                    + " features but " + MEAN + " and " + STD + " hold " + mean.length + " values");
        }
        return new ModelMetadata(map.get(SPEC), strings(map.get(CLASSES), CLASSES, source), features,
                map.get(TARGET), mean, std);
    }

    private static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(values.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String floatArray(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]); // Float.toString round-trips exactly
        }
        return sb.append(']').toString();
    }

    private static List<?> array(String text, String key, String source) {
        try {
            if (Json.parse(text) instanceof List<?> list) {
                return list;
            }
        } catch (Json.JsonException e) {
            // reported below
        }
        throw new ModelFileException(source + ": metadata " + key + " must be a JSON array, got: " + text);
    }

    private static List<String> strings(String text, String key, String source) {
        if (text == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : array(text, key, source)) {
            if (!(o instanceof String s)) {
                throw new ModelFileException(source + ": metadata " + key + " must hold strings, found " + o);
            }
            out.add(s);
        }
        return out;
    }

    private static float[] floats(String text, String key, String source) {
        List<?> list = array(text, key, source);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigDecimal n)) {
                throw new ModelFileException(source + ": metadata " + key + " must hold numbers, found " + list.get(i));
            }
            out[i] = Float.parseFloat(n.toString()); // Float.toString round-trips through this exactly
            if (!Float.isFinite(out[i])) { // e.g. 1e39: beyond float range, it would make every prediction NaN
                throw new ModelFileException(source + ": metadata " + key + " value " + i + " is " + n
                        + ", not a finite float");
            }
        }
        return out;
    }
}
