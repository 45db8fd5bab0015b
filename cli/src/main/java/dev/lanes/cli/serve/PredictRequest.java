package dev.lanes.cli.serve;

import dev.lanes.cli.Plural;
import dev.lanes.cli.data.CsvReader;
import dev.lanes.cli.data.DataException;
import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.ModelColumns;
import dev.lanes.cli.data.Table;
import dev.lanes.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /predict} body checked against the model: {@code rows} rows of raw features, row-major, and the
 * layer whose activations to return (null for none). Anything that does not fit is a 400 naming the problem.
 */
record PredictRequest(float[] x, int rows, Integer embed) {

    private static final String SOURCE = "request body";
    private static final Set<String> JSON_FIELDS = Set.of("inputs", "embed");

    /** {@code {"inputs": [[...], ...], "embed": 1}}; {@code queryEmbed} is the {@code ?embed=} value or null. */
    static PredictRequest fromJson(String body, ServedModel model, Integer queryEmbed) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Json.JsonException e) {
            throw HttpError.badRequest("malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw HttpError.badRequest("expected a JSON object like {\"inputs\": [[...], ...]}");
        }
        for (Object key : object.keySet()) {
            if (!JSON_FIELDS.contains(key)) {
                throw HttpError.badRequest("unknown field \"" + key + "\"; a request has \"inputs\" and optionally"
                        + " \"embed\"");
            }
        }
        if (!(object.get("inputs") instanceof List<?> rows)) {
            throw HttpError.badRequest("\"inputs\" must be an array of rows, e.g. {\"inputs\": [[...], ...]}");
        }
        if (rows.isEmpty()) {
            throw HttpError.badRequest("\"inputs\" is empty: send at least one row");
        }
        int width = model.inputs();
        float[] x = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            if (!(rows.get(r) instanceof List<?> row)) {
                throw HttpError.badRequest("inputs[" + r + "] must be an array of " + width + " numbers");
            }
            if (row.size() != width) {
                throw HttpError.badRequest("inputs[" + r + "] has " + Plural.count(row.size(), "value")
                        + " but the model takes " + width);
            }
            for (int c = 0; c < width; c++) {
                x[r * width + c] = finite(row.get(c), r, c);
            }
        }
        Integer embed = null;
        if (object.containsKey("embed")) {
            if (!(object.get("embed") instanceof BigDecimal n) || n.stripTrailingZeros().scale() > 0) {
                throw HttpError.badRequest("\"embed\" must be a layer index (an integer); GET /model lists the"
                        + " layers");
            }
            embed = layer(n.toBigInteger().toString(), model);
        }
        return new PredictRequest(x, rows.size(), agree(embed, queryEmbed));
    }

    /** CSV with a header, as {@code lanes predict} reads: the model's features by name, else every column. */
    static PredictRequest fromCsv(String body, ServedModel model, Integer queryEmbed) {
        Table table;
        try {
            table = CsvReader.read(new BufferedReader(new StringReader(body)), SOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        } catch (DataException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        if (table.header().stream().allMatch(PredictRequest::isNumber)) {
            throw HttpError.badRequest("the CSV needs a header row (its first line is all numbers); name the"
                    + " columns, e.g. as the model's features (GET /model)");
        }
        int[] columns;
        try { // by the model's feature names, as lanes predict and eval pick them
            columns = ModelColumns.of("the model", model.metadata()).inputColumns(table);
        } catch (DataException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        if (columns.length != model.inputs()) {
            throw HttpError.badRequest("the CSV has " + columns.length + " input columns but the model takes "
                    + model.inputs());
        }
        try {
            return new PredictRequest(DataFiles.features(table, columns), table.rows().size(), queryEmbed);
        } catch (DataException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** The {@code ?embed=N} query value checked against the model, or null when absent. */
    static Integer queryEmbed(String query, ServedModel model) {
        if (query == null) {
            return null;
        }
        Integer embed = null;
        for (String part : query.split("&")) {
            if (part.startsWith("embed=")) {
                embed = layer(part.substring("embed=".length()), model);
            } else if (!part.isEmpty()) {
                throw HttpError.badRequest("unknown query parameter '" + part + "'; /predict takes ?embed=LAYER");
            }
        }
        return embed;
    }

    private static int layer(String text, ServedModel model) {
        int layers = model.layers().size();
        int i;
        try {
            i = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("embed layer '" + text + "' is not an integer");
        }
        if (i < 0 || i >= layers) {
            throw HttpError.badRequest("embed layer " + i + " is out of range: the model has " + layers
                    + " layers, 0 to " + (layers - 1) + " (GET /model lists them)");
        }
        return i;
    }

    private static Integer agree(Integer body, Integer query) {
        if (body != null && query != null && !body.equals(query)) {
            throw HttpError.badRequest("\"embed\": " + body + " in the body but ?embed=" + query + " in the URL");
        }
        return body != null ? body : query;
    }

    private static float finite(Object value, int r, int c) {
        if (!(value instanceof BigDecimal n)) {
            throw HttpError.badRequest("inputs[" + r + "][" + c + "] is " + (value == null ? "null"
                    : value instanceof String ? "a string" : "not a number") + "; expected a number");
        }
        float v = n.floatValue();
        if (!Float.isFinite(v)) {
            throw HttpError.badRequest("inputs[" + r + "][" + c + "] = " + n + " is beyond the float range");
        }
        return v;
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
