package dev.lanes.cli.serve;

import dev.lanes.infer.Argmax;
import dev.lanes.io.Json;
import dev.lanes.io.ModelMetadata;
import java.util.List;

/** The JSON bodies of {@code /predict} and {@code /model}. */
final class Responses {

    private Responses() {
    }

    /**
     * One entry per row: {@code class} (the arg-max index) and {@code label} for a classifier, or {@code value}
     * for a regression model; {@code outputs}; and {@code embedding} when one was asked for.
     */
    static String predictions(ServedModel model, PredictRequest request, float[] y, float[] embedding) {
        int outputs = model.outputs();
        ModelMetadata meta = model.metadata();
        boolean regression = meta.target() != null && !meta.isClassifier();
        boolean classify = !regression && (meta.isClassifier() || outputs > 1);
        int width = request.embed() == null ? 0 : model.embeddingWidth(request.embed());
        StringBuilder sb = new StringBuilder(64 + request.rows() * (outputs + width) * 12);
        sb.append("{\"predictions\": [");
        for (int r = 0; r < request.rows(); r++) {
            sb.append(r == 0 ? "" : ", ").append('{');
            if (classify) {
                int best = Argmax.of(y, r * outputs, outputs);
                sb.append("\"class\": ").append(best);
                if (meta.isClassifier()) {
                    sb.append(", \"label\": ").append(Json.quote(meta.classes().get(best)));
                }
            } else {
                JsonText.number(sb.append("\"value\": "), y[r * outputs]);
            }
            JsonText.floats(sb.append(", \"outputs\": "), y, r * outputs, outputs);
            if (embedding != null) {
                JsonText.floats(sb.append(", \"embedding\": "), embedding, r * width, width);
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /** Architecture, widths, parameter count and what the file says about its inputs and outputs. */
    static String model(ServedModel model, String file) {
        ModelMetadata meta = model.metadata();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"file\": ").append(Json.quote(file));
        sb.append(", \"spec\": ").append(meta.spec() == null ? "null" : Json.quote(meta.spec()));
        sb.append(", \"inputs\": ").append(model.inputs());
        sb.append(", \"outputs\": ").append(model.outputs());
        sb.append(", \"parameters\": ").append(model.parameterCount());
        sb.append(", \"layers\": [");
        List<String> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"index\": ").append(i).append(", \"layer\": ")
                    .append(Json.quote(layers.get(i))).append(", \"width\": ").append(model.embeddingWidth(i))
                    .append('}');
        }
        sb.append("], \"classes\": ");
        JsonText.strings(sb, meta.classes());
        sb.append(", \"features\": ");
        JsonText.strings(sb, meta.features());
        sb.append(", \"target\": ").append(meta.target() == null ? "null" : Json.quote(meta.target()));
        sb.append(", \"standardized\": ").append(meta.mean() != null);
        return sb.append('}').toString();
    }
}
