package dev.lanes.infer;

/** How a {@link Predictor} runs its network (or a prefix of it) on rows that are already checked and standardized. */
interface Plan {

    /**
     * Writes the outputs for {@code batch} rows into {@code y}. Safe to call from many threads at once.
     *
     * @param x     row-major inputs; may be longer than {@code batch} rows
     * @param batch how many rows
     * @param y     receives {@code batch} rows of outputs; may be longer
     */
    void run(float[] x, int batch, float[] y);
}
