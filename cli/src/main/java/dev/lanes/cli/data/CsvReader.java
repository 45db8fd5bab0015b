package dev.lanes.cli.data;

import dev.lanes.cli.Plural;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads comma-separated text with a header row: fields are trimmed, surrounding double quotes removed, blank
 * lines skipped. Header names must be distinct; every row must have as many fields as the header (the error gives
 * the line number).
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static Table read(BufferedReader in, String source) throws IOException {
        String headerLine = in.readLine();
        int lineNo = 1;
        while (headerLine != null && headerLine.isBlank()) {
            headerLine = in.readLine();
            lineNo++;
        }
        if (headerLine == null) {
            throw new DataException(source + ": the file is empty (expected a CSV header row, then data rows)");
        }
        if (headerLine.indexOf('\0') >= 0) {
            throw new DataException(source + ": binary data, not CSV text");
        }
        List<String> header = Arrays.asList(split(stripBom(headerLine)));
        requireDistinct(header, source);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line);
            if (fields.length != header.size()) {
                throw new DataException(source + " line " + lineNo + ": " + Plural.count(fields.length, "value")
                        + ", but the header has " + Plural.count(header.size(), "column"));
            }
            rows.add(fields);
            lines.add(lineNo);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + ": no data rows after the header");
        }
        return new Table(source, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A repeated name would make "the column named X" ambiguous for every later look-up by name. */
    private static void requireDistinct(List<String> header, String source) {
        for (int c = 1; c < header.size(); c++) {
            int first = header.indexOf(header.get(c));
            if (first < c) {
                throw new DataException(source + ": column '" + header.get(c) + "' appears twice in the header"
                        + " (columns " + (first + 1) + " and " + (c + 1) + "); column names must be distinct");
            }
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1);
            }
            parts[i] = p;
        }
        return parts;
    }
}
