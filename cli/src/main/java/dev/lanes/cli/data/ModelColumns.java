package dev.lanes.cli.data;

import dev.lanes.io.ModelMetadata;
import java.util.List;

/**
 * The columns a model file says it reads: its training features by name (empty for a file without Lanes metadata,
 * e.g. one written by PyTorch) and its target column (null when unknown). {@code model} names the file in errors.
 * {@code lanes eval} and {@code lanes predict} both pick a table's columns through this, so they agree.
 */
public record ModelColumns(String model, List<String> features, String target) {

    /** No model yet (training): every column but the target is a feature. */
    public static final ModelColumns NONE = new ModelColumns("(no model)", List.of(), null);

    /** How many names an error lists before "...". */
    private static final int NAMES_SHOWN = 5;

    public ModelColumns {
        features = List.copyOf(features);
    }

    public static ModelColumns of(String modelFile, ModelMetadata meta) {
        return new ModelColumns(modelFile, meta.features(), meta.target());
    }

    /**
     * The table's columns holding the model's features, by name; when the model names none, every column but
     * {@code targetColumn} (-1 for none) in order. A named feature missing from the table is a {@link DataException}.
     */
    public int[] inputColumns(Table table, int targetColumn) {
        List<String> header = table.header();
        if (features.isEmpty()) {
            return java.util.stream.IntStream.range(0, header.size()).filter(c -> c != targetColumn).toArray();
        }
        List<String> missing = features.stream().filter(f -> !header.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new DataException(table.source() + " lacks " + missing.size() + " of the " + features.size()
                    + " feature columns " + model + " was trained on (" + shown(missing) + "); its columns are "
                    + shown(header));
        }
        if (targetColumn >= 0 && features.contains(header.get(targetColumn))) {
            throw new DataException(table.source() + ": the target column '" + header.get(targetColumn)
                    + "' is one of the features " + model + " reads; --target must name another column");
        }
        return features.stream().mapToInt(header::indexOf).toArray();
    }

    /** {@link #inputColumns(Table, int)} with the model's own target column (when the table has it) left out. */
    public int[] inputColumns(Table table) {
        return inputColumns(table, target == null ? -1 : table.header().indexOf(target));
    }

    /** The table's input columns (the model's target column, when present, left out) as an unlabelled data set. */
    public Dataset inputs(Table table) {
        int[] columns = inputColumns(table);
        List<String> names = java.util.Arrays.stream(columns).mapToObj(table.header()::get).toList();
        return new Dataset(table.source(), names, null, DataFiles.features(table, columns), table.rows().size(),
                columns.length, null, null, List.of());
    }

    private static String shown(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? ", ..." : "");
    }
}
