package dev.lanes.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** What the CSV reader and {@link Table#number} accept: distinct header names, text, plain decimal numbers. */
class CsvRulesTest {

    private static Table table(String csv) throws IOException {
        return CsvReader.read(new BufferedReader(new StringReader(csv)), "t.csv");
    }

    private static String failure(String csv) {
        return assertThrows(DataException.class, () -> {
            Table t = table(csv);
            for (int c = 0; c < t.header().size(); c++) {
                t.number(0, c);
            }
        }).getMessage();
    }

    @Test
    void aRepeatedHeaderNameIsRefusedNamingColumnAndFile() {
        assertEquals("t.csv: column 'a' appears twice in the header (columns 1 and 3); column names must be distinct",
                failure("a,b,a\n1,2,3\n"));
    }

    @Test
    void binaryDataIsNotReadAsCsv() {
        assertEquals("t.csv: binary data, not CSV text", failure("\0\0\b\u0001\0\0\0\u0002\n1\n"));
    }

    @Test
    void plainDecimalNumbersAreAcceptedAsWrittenByFloatToString() throws IOException {
        String[] good = {"0", "-7", "+2", "1.5", "-0.25", ".5", "2.", "1e3", "1.0E-5", "-3.4028235E38",
            Float.toString(1.17549435E-38f), Float.toString(-0.0f)};
        Table t = table(String.join(",", java.util.stream.IntStream.range(0, good.length).mapToObj(i -> "c" + i)
                .toList()) + "\n" + String.join(",", good) + "\n");
        for (int c = 0; c < good.length; c++) {
            assertEquals(Float.parseFloat(good[c]), t.number(0, c), good[c]);
        }
    }

    @Test
    void javaLiteralsAndOtherTextAreNotNumbers() {
        for (String bad : new String[] {"1f", "2d", "3F", "0x1p3", "0x10", "1e", "e5", ".", "-", "1_000", "1 000", "١"}) {
            String csv = "a\n\"" + bad + "\"\n";
            assertEquals("t.csv line 2, column 'a' (1): '" + bad + "' is not a number", failure(csv), bad);
        }
    }

    @Test
    void nonFiniteValuesStayRefused() {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "+NaN", "1e39"}) {
            assertEquals("t.csv line 2, column 'a' (1): " + bad + " is not allowed (only finite numbers)",
                    failure("a\n" + bad + "\n"), bad);
        }
    }
}
