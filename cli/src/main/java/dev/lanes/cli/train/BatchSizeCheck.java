package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.Module;
import java.util.Map;

/**
 * Refuses, before the first epoch, a batch size that leaves some batch too small for a layer that normalises by
 * batch statistics (BatchNorm in training needs 2 rows): otherwise the run would fail at the end of epoch 1 with
 * nothing saved.
 */
final class BatchSizeCheck {

    private BatchSizeCheck() {
    }

    /** {@code model} is in the mode it trains in; {@code rows} training rows go in batches of {@code batchSize}. */
    static void require(Module model, int rows, int batchSize) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (!(e.getValue() instanceof BatchDependent layer)) {
                continue;
            }
            int needed = layer.minimumBatchRows();
            int smallest = smallestBatch(rows, batchSize);
            if (smallest < needed) {
                throw new UserError("--batch-size " + batchSize + " leaves a batch of " + smallest + " of the " + rows
                        + " training rows, but layer " + e.getKey() + " (" + e.getValue().typeName() + ") needs at least "
                        + needed + " rows to train; use --batch-size " + suggestion(rows, batchSize, needed));
            }
        }
    }

    /** The size of the last (smallest) batch of an epoch. */
    private static int smallestBatch(int rows, int batchSize) {
        int rest = rows % batchSize;
        return rows == 0 ? 0 : rest == 0 ? Math.min(rows, batchSize) : rest;
    }

    /** The nearest batch size above {@code batchSize} whose batches all have {@code needed} rows (or all rows). */
    private static int suggestion(int rows, int batchSize, int needed) {
        for (int size = batchSize + 1; size < rows; size++) {
            if (smallestBatch(rows, size) >= needed) {
                return size;
            }
        }
        return rows;
    }
}
