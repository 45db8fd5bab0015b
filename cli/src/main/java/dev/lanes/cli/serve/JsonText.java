package dev.lanes.cli.serve;

import dev.lanes.io.Json;
import java.util.List;

/** Writing the server's JSON: strings quoted by the engine's {@link Json}, floats as Java prints them. */
final class JsonText {

    private JsonText() {
    }

    /** {@code {"error": "..."}} on one line. */
    static String error(String message) {
        return "{\"error\": " + Json.quote(message.lines().findFirst().orElse("")) + "}";
    }

    /** {@code values[from, from + count)} as a JSON array; a non-finite value is null. */
    static StringBuilder floats(StringBuilder sb, float[] values, int from, int count) {
        sb.append('[');
        for (int i = 0; i < count; i++) {
            number(sb.append(i == 0 ? "" : ","), values[from + i]);
        }
        return sb.append(']');
    }

    /** {@code v} as Java prints it, or null when it is not finite (JSON has no NaN or Infinity). */
    static StringBuilder number(StringBuilder sb, float v) {
        return Float.isFinite(v) ? sb.append(v) : sb.append("null");
    }

    static StringBuilder strings(StringBuilder sb, List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(values.get(i)));
        }
        return sb.append(']');
    }
}
