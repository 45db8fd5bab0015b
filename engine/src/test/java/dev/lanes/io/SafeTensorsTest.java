package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("2.weight", Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}, 3, 2));
        tensors.put("0.bias", Tensor.of(new float[] {0.25f, Float.NaN}, 2));
        tensors.put("scalar", Tensor.scalar(7f));
        tensors.put("empty", Tensor.zeros(0, 4));
        return tensors;
    }

    @Test
    void roundTripKeepsValuesShapesAndMetadata() {
        Map<String, String> meta = Map.of("lanes.spec", "linear(2, 3) -> relu", "quote", "a\"b\\c\n\u00e9");
        SafeTensors.Contents back = SafeTensors.decode(SafeTensors.encode(sample(), meta), "mem");
        assertEquals(meta, back.metadata());
        assertEquals(List.of("0.bias", "2.weight", "empty", "scalar"), List.copyOf(back.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : sample().entrySet()) {
            Tensor t = back.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            float[] want = e.getValue().toArray();
            float[] got = t.toArray();
            for (int i = 0; i < want.length; i++) { // bit-exact, NaN and -0 included
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), e.getKey() + "["
                        + i + "]");
            }
        }
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOfEight() {
        byte[] bytes = SafeTensors.encode(Map.of("x", Tensor.of(1f)), Map.of());
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header.stripTrailing());
        assertEquals(8 + n + 4, bytes.length);
    }

    // ------------------------------------------------------------------ bad files

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array();
    }

    private static String failure(byte[] bytes) {
        return assertThrows(ModelFileException.class, () -> SafeTensors.decode(bytes, "m.safetensors")).getMessage();
    }

    private static void assertFails(byte[] bytes, String expectedFragment) {
        String msg = failure(bytes);
        assertTrue(msg.startsWith("m.safetensors: "), msg);
        assertTrue(msg.contains(expectedFragment), "'" + msg + "' should mention '" + expectedFragment + "'");
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void emptyFile() {
        assertFails(new byte[0], "empty");
    }

    @Test
    void truncatedBeforeTheHeaderLength() {
        assertFails(new byte[5], "truncated");
    }

    @Test
    void truncatedInsideTheData() {
        byte[] good = SafeTensors.encode(sample(), Map.of());
        assertFails(java.util.Arrays.copyOf(good, good.length - 3), "run past the end of the data");
    }

    @Test
    void headerLengthBeyondTheFile() {
        byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        assertFails(bytes, "runs past the end of the file");
    }

    @Test
    void headerLengthAboveTheCap() {
        byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(SafeTensors.MAX_HEADER_BYTES + 1)
                .array();
        assertFails(bytes, "limit");
        byte[] negative = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
        assertFails(negative, "limit");
    }

    @Test
    void headerThatIsNotJson() {
        assertFails(file("{\"a\": [1, 2", 0), "not valid JSON");
        assertFails(file("PK\u0003\u0004 zip?", 0), "not valid JSON");
        assertFails(file("[1,2]   ", 0), "not an object");
    }

    @Test
    void offsetsOutsideTheData() {
        assertFails(file("{" + tensor("w", "F32", "[2]", 0, 8) + "}", 4), "run past the end of the data");
    }

    @Test
    void overlappingOffsets() {
        String h = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 4, 12) + "}";
        assertFails(file(h, 12), "overlap");
    }

    @Test
    void offsetsNotMatchingTheShape() {
        assertFails(file("{" + tensor("w", "F32", "[3]", 0, 8) + "}", 8), "needs 12 bytes");
    }

    @Test
    void offsetsThatAreNotARange() {
        assertFails(file("{" + tensor("w", "F32", "[0]", 8, 4) + "}", 8), "not a range");
    }

    @Test
    void dataBelongingToNoTensor() {
        assertFails(file("{" + tensor("w", "F32", "[1]", 4, 8) + "}", 8), "belong to no tensor");
        assertFails(file("{" + tensor("w", "F32", "[1]", 0, 4) + "}", 8), "belong to no tensor");
    }

    @Test
    void unsupportedDtype() {
        assertFails(file("{" + tensor("w", "F16", "[2]", 0, 4) + "}", 4), "unsupported dtype F16");
    }

    @Test
    void negativeDimensions() {
        assertFails(file("{" + tensor("w", "F32", "[-1,2]", 0, 8) + "}", 8), "negative dimension -1");
    }

    @Test
    void malformedEntries() {
        assertFails(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "integers");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "data_offsets");
        assertFails(file("{\"w\":3}", 0), "expected an object");
        assertFails(file("{\"__metadata__\":{\"a\":1}}", 0), "must be a string");
        assertFails(file("{\"w\":{},\"w\":{}}", 0), "duplicate key");
    }

    @Test
    void hugeShapesDoNotOverflow() {
        assertFails(file("{" + tensor("w", "F32", "[2147483647,2147483647,4]", 0, 4) + "}", 4), "more than 8 GB");
    }

    @Test
    void missingTensorNamesWhatTheFileHas() {
        SafeTensors.Contents c = SafeTensors.decode(SafeTensors.encode(sample(), Map.of()), "mem");
        String msg = assertThrows(ModelFileException.class, () -> c.tensor("1.weight")).getMessage();
        assertTrue(msg.contains("0.bias, 2.weight"), msg);
    }
}
