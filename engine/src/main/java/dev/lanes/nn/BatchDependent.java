package dev.lanes.nn;

import java.util.Map;
import java.util.Optional;

/**
 * A module whose output for a row depends on the other rows of its batch (BatchNorm's batch statistics), so a batch
 * must have enough rows: a training loop can check its batch size before it starts instead of failing at the last
 * batch of an epoch.
 */
public interface BatchDependent {

    /**
     * The fewest rows of 2-D {@code [batch, features]} input the module accepts in its current mode (1: any batch),
     * as the callers feed it: a training loop's batches of data rows and a predictor's probe rows. It does not
     * describe other input shapes, whose extra dimensions the module cannot know in advance: a BatchNorm1d given
     * {@code [batch, C, length]} needs {@code batch × length > 1} values per channel, so one row with a length
     * above 1 trains, as in PyTorch.
     */
    int minimumBatchRows();

    /**
     * The fewest rows {@code module} accepts in its layers' current modes: the largest {@link #minimumBatchRows()} of
     * its batch-dependent layers, 1 when it has none (what a probe with rows of zeros must send).
     */
    static int minimumBatchRows(Module module) {
        return module.namedModules().values().stream()
                .mapToInt(m -> m instanceof BatchDependent b ? b.minimumBatchRows() : 1).max().orElse(1);
    }

    /**
     * The first of {@code module}'s layers (with its name in {@link Module#namedModules()}) that cannot take a batch
     * of {@code rows} rows in its current mode, or empty when every layer can.
     */
    static Optional<Map.Entry<String, Module>> firstRefusing(Module module, int rows) {
        return module.namedModules().entrySet().stream()
                .filter(e -> e.getValue() instanceof BatchDependent b && rows < b.minimumBatchRows())
                .findFirst();
    }
}
