package dev.lanes.cli.data;

import java.util.List;

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
     * Whether {@code text} is a plain decimal number: optional sign, digits with an optional fraction, optional
     * exponent ({@code -1.5e-3}, {@code 2.}, {@code .5}; what {@code Float.toString} writes). Java's own suffixes
     * and hex ({@code 1f}, {@code 2d}, {@code 0x1p3}) are not numbers in a CSV file. A scan, not a regex: it runs
     * once per cell (7.8 M cells for a 10,000-row MNIST CSV).
     */
    static boolean isDecimal(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        for (; i < n && isDigit(text.charAt(i)); i++) {
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            for (i++; i < n && isDigit(text.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < n && isDigit(text.charAt(i)); i++) {
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNonFinite(String text) {
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        return unsigned.equals("NaN") || unsigned.equals("Infinity");
    }

    /** The value at {@code row}, {@code col} as a finite float, or an error naming its line and column. */
    public float number(int row, int col) {
        String text = rows.get(row)[col];
        boolean nonFinite = isNonFinite(text);
        if (!nonFinite && !isDecimal(text)) {
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
