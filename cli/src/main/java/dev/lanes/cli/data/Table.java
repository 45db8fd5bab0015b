package dev.lanes.cli.data;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV file as read: the header and each row's fields as text, with the line number each row came from so
 * later checks (a non-numeric value, NaN) can point at it.
 */
public record Table(String source, List<String> header, List<String[]> rows, int[] lineNumbers) {

    /** The index of the named column (or a 0-based index given as a number), else a {@link DataException}. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i >= 0) {
            return i;
        }
        try {
            int index = Integer.parseInt(name.trim());
            if (index >= 0 && index < header.size()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index either
        }
        throw new DataException(source + ": no column '" + name + "'; the columns are: " + String.join(", ", header));
    }

    /**
     * A plain decimal number: optional sign, digits with an optional fraction, optional exponent ({@code -1.5e-3},
     * {@code 2.}, {@code .5}; what {@code Float.toString} writes). Java's own suffixes and hex ({@code 1f},
     * {@code 2d}, {@code 0x1p3}) are not numbers in a CSV file.
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(NaN|Infinity)");

    /** The value at {@code row}, {@code col} as a finite float, or an error naming its line and column. */
    public float number(int row, int col) {
        String text = rows.get(row)[col];
        boolean nonFinite = NON_FINITE.matcher(text).matches();
        if (!nonFinite && !DECIMAL.matcher(text).matches()) {
            throw new DataException(where(row, col) + ": '" + text + "' is not a number");
        }
        float v = nonFinite ? Float.NaN : Float.parseFloat(text);
        if (!Float.isFinite(v)) {
            throw new DataException(where(row, col) + ": " + text + " is not allowed (only finite numbers)");
        }
        return v;
    }

    /** "file line N, column 'name' (K)" with K counted from 1, as editors do. */
    public String where(int row, int col) {
        return source + " line " + lineNumbers[row] + ", column '" + header.get(col) + "' (" + (col + 1) + ")";
    }
}
