package dev.lanes.cli.serve;

import dev.lanes.io.ModelMetadata;
import java.util.List;

/**
 * What the server needs from a model: widths, a description for {@code GET /model}, and thread-safe predictions
 * on raw (not yet standardized) inputs. Implementations are called from many request threads at once.
 */
interface ServedModel {

    /** Features per input row. */
    int inputs();

    /** Outputs per row. */
    int outputs();

    /** The top-level layers, each described in one line; {@code embed} takes an index into this list. */
    List<String> layers();

    /** The width of layer {@code layer}'s activations (what {@code embed} returns per row). */
    int embeddingWidth(int layer);

    /** Number of trainable values. */
    long parameterCount();

    /** What the model file says about itself (spec, classes, features, standardization). */
    ModelMetadata metadata();

    /** The outputs for {@code rows} rows of {@code x} (row-major, raw features), row-major {@code [rows, outputs]}. */
    float[] predict(float[] x, int rows);

    /** Layer {@code layer}'s activations for {@code rows} rows of {@code x}, row-major. */
    float[] embed(float[] x, int rows, int layer);
}
