package dev.lanes.infer;

/** The index of the largest value, as {@code torch.argmax}: the first one on ties. */
public final class Argmax {

    private Argmax() {
    }

    /**
     * The index of the largest value of {@code values}.
     *
     * @param values one row of outputs, at least one value
     * @return the index of its largest value (the first on ties)
     */
    public static int of(float[] values) {
        return of(values, 0, values.length);
    }

    /**
     * The index, counted from {@code from}, of the largest of {@code values[from .. from + length)}.
     *
     * @param values an array holding the row
     * @param from   where the row starts
     * @param length the row's length, at least 1
     * @return the index within the row of its largest value (the first on ties)
     */
    public static int of(float[] values, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
