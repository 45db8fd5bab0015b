package dev.lanes.cli;

/**
 * Where to cut rows into chunks of a bounded size when a model normalises by its batch (a BatchNorm without running
 * statistics): a short last chunk would be too small for it, so it joins the chunk before.
 */
public final class RowChunks {

    private RowChunks() {
    }

    /**
     * The end (exclusive) of the chunk starting at row {@code from} of {@code total}: {@code from + size}, or
     * {@code total} when fewer than {@code fewest} rows would be left after it.
     */
    public static int end(int from, int total, int size, int fewest) {
        return total - from - size < fewest ? total : from + size;
    }
}
