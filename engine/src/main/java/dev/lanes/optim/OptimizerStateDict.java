package dev.lanes.optim;

import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Export and import of an optimizer's state as named float arrays (PyTorch's {@code state_dict}, flattened):
 * {@code state.<i>.step}, {@code state.<i>.<buffer>}, {@code param_groups.<g>.params},
 * {@code param_groups.<g>.<option>}. Steps are stored as floats, exact up to 2^24 like PyTorch's float32 step.
 */
final class OptimizerStateDict {

    private static final String STATE = "state";
    private static final String GROUPS = "param_groups";
    private static final String STEP = "step";
    private static final String PARAMS = "params";

    private OptimizerStateDict() {
    }

    static Map<String, float[]> export(Optimizer opt) {
        Map<String, float[]> dict = new LinkedHashMap<>();
        Map<String, float[]> groupEntries = new LinkedHashMap<>();
        int index = 0;
        List<ParamGroup> groups = opt.paramGroups();
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            float[] ids = new float[group.params().size()];
            for (int j = 0; j < ids.length; j++, index++) {
                ids[j] = index;
                ParamState s = opt.stateMap().get(group.params().get(j));
                if (s != null) {
                    dict.put(STATE + "." + index + "." + STEP, new float[] {s.step()});
                    for (Map.Entry<String, float[]> b : s.buffers().entrySet()) {
                        dict.put(STATE + "." + index + "." + b.getKey(), b.getValue().clone());
                    }
                }
            }
            String prefix = GROUPS + "." + g + ".";
            groupEntries.put(prefix + PARAMS, ids);
            for (String option : group.hyperparameters().names()) {
                groupEntries.put(prefix + option, opt.spec().encode(group.hyperparameters(), option));
            }
        }
        dict.putAll(groupEntries);
        return dict;
    }

    static void load(Optimizer opt, Map<String, float[]> dict) {
        String name = opt.name();
        List<ParamGroup> groups = opt.paramGroups();
        List<Tensor> params = new ArrayList<>();
        groups.forEach(g -> params.addAll(g.params()));

        Map<Integer, ParamState> newState = new HashMap<>();
        List<Map<String, Object>> groupValues = new ArrayList<>();
        groups.forEach(g -> groupValues.add(new LinkedHashMap<>()));
        boolean[] groupSeen = new boolean[groups.size()];

        for (Map.Entry<String, float[]> e : dict.entrySet()) {
            String key = e.getKey();
            float[] value = e.getValue();
            String[] parts = key.split("\\.", 3);
            if (parts.length != 3 || !(parts[0].equals(STATE) || parts[0].equals(GROUPS))) {
                throw bad(name, key, "keys look like state.<i>.<buffer> or param_groups.<g>.<option>");
            }
            if (value == null) {
                throw bad(name, key, "no values");
            }
            boolean isState = parts[0].equals(STATE);
            int limit = isState ? params.size() : groups.size();
            int i = index(name, key, parts[1], limit, isState ? "parameters" : "parameter groups");
            if (isState) {
                ParamState s = newState.computeIfAbsent(i, k -> opt.newState(params.get(k).numel()));
                if (parts[2].equals(STEP)) {
                    s.setStep(step(name, key, value));
                } else if (!opt.spec().bufferNames().contains(parts[2])) {
                    throw bad(name, key, "'" + parts[2] + "' is not a state buffer of " + name + " (it keeps: "
                            + String.join(", ", opt.spec().bufferNames())
                            + "); was this state saved from another optimizer?");
                } else if (value.length != s.numel()) {
                    throw bad(name, key, value.length + " values for a parameter of " + s.numel() + " elements");
                } else {
                    s.put(parts[2], value.clone());
                }
            } else if (parts[2].equals(PARAMS)) {
                checkLayout(name, key, value, groups, i);
                groupSeen[i] = true;
            } else if (opt.spec().hasOption(parts[2])) {
                groupValues.get(i).put(parts[2], opt.spec().decode(parts[2], value, key));
            } else {
                throw bad(name, key, "'" + parts[2] + "' is not an option of " + name + " (options: "
                        + String.join(", ", opt.spec().optionNames()) + ")");
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            if (!groupSeen[g]) {
                throw new IllegalArgumentException(name + ": state dict has no '" + GROUPS + "." + g + "." + PARAMS
                        + "'; it was saved from an optimizer with " + countGroups(dict)
                        + " parameter group(s), this one has " + groups.size());
            }
        }
        for (Map.Entry<Integer, ParamState> e : newState.entrySet()) {
            if (!dict.containsKey(STATE + "." + e.getKey() + "." + STEP)) {
                throw new IllegalArgumentException(name + ": state dict has buffers for parameter " + e.getKey()
                        + " but no '" + STATE + "." + e.getKey() + "." + STEP + "'");
            }
        }
        // Everything checked: apply all at once, so a bad dict leaves the optimizer as it was.
        List<Hyperparameters> newValues = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            newValues.add(opt.spec().withAll(groups.get(g).hyperparameters(), groupValues.get(g)));
        }
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).replace(newValues.get(g));
        }
        Map<Tensor, ParamState> state = opt.stateMap();
        state.clear();
        newState.forEach((i, s) -> state.put(params.get(i), s));
    }

    private static void checkLayout(String name, String key, float[] ids, List<ParamGroup> groups, int g) {
        int first = 0;
        for (int k = 0; k < g; k++) {
            first += groups.get(k).params().size();
        }
        int size = groups.get(g).params().size();
        boolean same = ids.length == size;
        for (int j = 0; same && j < size; j++) {
            same = ids[j] == first + j;
        }
        if (!same) {
            throw bad(name, key, "the saved group holds " + ids.length + " parameter(s), this optimizer's group " + g
                    + " holds " + size + " (parameters " + first + ".." + (first + size - 1)
                    + "); the state belongs to a different model or grouping");
        }
    }

    private static int countGroups(Map<String, float[]> dict) {
        return (int) dict.keySet().stream()
                .filter(key -> key.startsWith(GROUPS + ".") && key.endsWith("." + PARAMS))
                .count();
    }

    private static int index(String name, String key, String text, int limit, String what) {
        int i;
        try {
            i = Integer.parseInt(text);
        } catch (NumberFormatException ex) {
            throw bad(name, key, "'" + text + "' is not an index");
        }
        if (i < 0 || i >= limit) {
            throw bad(name, key, "index " + i + " is out of range: this optimizer has " + limit + " " + what);
        }
        return i;
    }

    private static long step(String name, String key, float[] value) {
        if (value.length != 1 || !Float.isFinite(value[0]) || value[0] < 0f
                || value[0] != Math.rint(value[0])) {
            throw bad(name, key, "a step count must be one whole number >= 0");
        }
        return (long) value[0];
    }

    private static IllegalArgumentException bad(String name, String key, String why) {
        return new IllegalArgumentException(name + ": bad state dict entry '" + key + "': " + why);
    }
}
