package dev.lanes.cli.train;

import dev.lanes.cli.Plural;
import dev.lanes.cli.UserError;
import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.Module;
import java.util.Map;

/**
 * Refuses, before the first epoch, a batch size that leaves some batch too small for a layer that normalises by
 * batch statistics (BatchNorm in training needs 2 rows), and a held-out set too small for one that still does so
 * in eval mode (BatchNorm without running statistics): otherwise the run would fail at the end of epoch 1 with
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

    /**
     * {@code model} is in eval mode, as it evaluates; {@code rows} held-out rows are evaluated in batches of at least
     * the rows its layers need (see {@link Trainer}), so only a held-out set smaller than that fails.
     */
    static void requireHeldOut(Module model, int rows, double validationSplit) {
        BatchDependent.firstRefusing(model, rows).ifPresent(e -> {
            throw new UserError("--validation-split " + plain(validationSplit) + " holds out " + Plural.count(rows, "row")
                    + ", but layer " + e.getKey() + " (" + e.getValue().typeName() + ") normalises by its batch when"
                    + " evaluating too and needs at least " + ((BatchDependent) e.getValue()).minimumBatchRows()
                    + " rows; hold out more with a larger --validation-split");
        });
    }

    /** 0.0005, not 5.0E-4: as the user wrote it. */
    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
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
