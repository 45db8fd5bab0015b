package dev.lanes.nn;

/** Python's list indexing for the module containers: a negative index counts from the end ({@code w[-1]}). */
final class ListIndex {

    private ListIndex() {
    }

    /** The position {@code index} names among {@code size} {@code items}; {@code op} names the call in errors. */
    static int resolve(String op, int index, int size, String items) {
        int at = index < 0 ? index + size : index;
        if (at < 0 || at >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range for " + size + " " + items
                    + (size == 0 ? "" : " (expected " + -size + " to " + (size - 1) + "; negative counts from the end)"));
        }
        return at;
    }
}
