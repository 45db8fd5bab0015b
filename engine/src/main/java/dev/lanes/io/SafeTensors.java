package dev.lanes.io;

import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (Hugging Face), the file format PyTorch users share weights in:
 * an 8-byte little-endian header length, a JSON header naming each tensor's {@code dtype}, {@code shape} and
 * {@code data_offsets} (plus an optional {@code __metadata__} map of strings), padded with spaces to a multiple
 * of 8, then the raw little-endian data. Lanes reads and writes {@code F32}, and {@code I64} for tensors of whole
 * numbers that PyTorch keeps as {@code int64} (BatchNorm's {@code num_batches_tracked}): read into float tensors
 * (values up to 2^24 in magnitude, which float holds exactly) and written for the names the caller lists.
 *
 * <p>Written files match the reference implementation byte for byte (I64 tensors first, then by name; compact
 * JSON), except that {@code __metadata__} keeps the caller's order where the reference's is unspecified. Every
 * malformed file fails with a {@link ModelFileException} that names the file and the problem.
 */
public final class SafeTensors {

    /** The reference implementation refuses headers above 100 MB; so do we, before allocating anything. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    private static final int HEADER_LENGTH_BYTES = 8;
    private static final int ALIGNMENT = 8;
    private static final String F32 = "F32";
    private static final String I64 = "I64";
    /** The largest magnitude up to which every whole number has a float of its own. */
    private static final long FLOAT_EXACT_LIMIT = 1L << 24;

    private SafeTensors() {
    }

    /** The content of a safetensors file: tensors in file order, and the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The named tensor, or a {@link ModelFileException} listing the names the file has. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new ModelFileException("no tensor named '" + name + "'; the file has: "
                        + String.join(", ", tensors.keySet()));
            }
            return t;
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a whole file; I/O problems (missing file, no permission) come as {@link IOException}, a directory as a
     * {@link ModelFileException}.
     */
    public static Contents read(Path file) throws IOException {
        if (Files.isDirectory(file)) { // reading it would fail with a bare "Is a directory" that names no path
            throw new ModelFileException(file + ": is a directory, not a model file");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new ModelFileException(file + ": " + size + " bytes is larger than Lanes can load (2 GB)");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes the bytes of a safetensors file; {@code source} names it in error messages. */
    public static Contents decode(byte[] bytes, String source) {
        if (bytes.length < HEADER_LENGTH_BYTES) {
            throw bad(source, bytes.length == 0 ? "the file is empty"
                    : "the file is truncated: " + bytes.length + " bytes, too short for the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, HEADER_LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw bad(source, "header length " + Long.toUnsignedString(headerLength) + " is above the "
                    + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
        }
        long available = bytes.length - HEADER_LENGTH_BYTES;
        if (headerLength > available) {
            throw bad(source, "header length " + headerLength + " runs past the end of the file (" + available
                    + " bytes follow the length; the file is truncated or not a safetensors file)");
        }
        int dataStart = HEADER_LENGTH_BYTES + (int) headerLength;
        Map<String, Object> header = parseHeader(bytes, (int) headerLength, source);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata.putAll(metadata(e.getValue(), source));
            } else {
                entries.add(entry(e.getKey(), e.getValue(), source));
            }
        }
        checkLayout(entries, bytes.length - dataStart, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) entry.begin, (int) (entry.end - entry.begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[(int) ((entry.end - entry.begin) / entry.elementBytes())];
            if (entry.int64) {
                readInt64(data, values, entry.name, source);
            } else {
                data.asFloatBuffer().get(values);
            }
            tensors.put(entry.name, Tensor.of(values, entry.shape));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, int[] shape, long begin, long end, boolean int64) {
        int elementBytes() {
            return int64 ? Long.BYTES : Float.BYTES;
        }
    }

    /** I64 values as floats, refusing those a float cannot hold exactly (a count would silently change). */
    private static void readInt64(ByteBuffer data, float[] values, String name, String source) {
        for (int i = 0; i < values.length; i++) {
            long v = data.getLong();
            if (Math.abs(v) > FLOAT_EXACT_LIMIT) {
                throw bad(source, "tensor '" + name + "': I64 value " + v + " is beyond 2^24, which Lanes' float"
                        + " tensors cannot hold exactly");
            }
            values[i] = v;
        }
    }

    private static Map<String, Object> parseHeader(byte[] bytes, int length, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, HEADER_LENGTH_BYTES, length)).toString();
        } catch (CharacterCodingException e) {
            throw bad(source, "the header is not UTF-8 text (not a safetensors file?)");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.JsonException e) {
            throw bad(source, "the header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw bad(source, "the header is JSON but not an object of tensors");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) map;
        return header;
    }

    private static Map<String, String> metadata(Object value, String source) {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(source, METADATA_KEY + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(source, METADATA_KEY + " value for '" + e.getKey() + "' must be a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object value, String source) {
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(source, "tensor '" + name + "': expected an object with dtype, shape and data_offsets");
        }
        Object dtype = info.get("dtype");
        if (!(dtype instanceof String d)) {
            throw bad(source, "tensor '" + name + "': missing or non-string dtype");
        }
        if (!d.equals(F32) && !d.equals(I64)) {
            throw bad(source, "tensor '" + name + "': unsupported dtype " + d + " (Lanes reads F32, and I64 for "
                    + "counters; convert with tensor.float() before saving)");
        }
        boolean int64 = d.equals(I64);
        int elementBytes = int64 ? Long.BYTES : Float.BYTES;
        long[] dims = longs(info.get("shape"), -1, "shape", name, source);
        int[] shape = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw bad(source, "tensor '" + name + "': negative dimension " + dims[i] + " in shape "
                        + Arrays.toString(dims));
            }
            if (dims[i] > Integer.MAX_VALUE) {
                throw bad(source, "tensor '" + name + "': dimension " + dims[i] + " is too large");
            }
            shape[i] = (int) dims[i];
            numel = saturatingMultiply(numel, dims[i]);
        }
        long[] offsets = longs(info.get("data_offsets"), 2, "data_offsets", name, source);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw bad(source, "tensor '" + name + "': data_offsets [" + begin + ", " + end + "] are not a range");
        }
        if (numel > Integer.MAX_VALUE || end - begin != numel * elementBytes) {
            throw bad(source, "tensor '" + name + "': data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + d + " needs "
                    + (numel > Integer.MAX_VALUE ? "more than 8 GB" : numel * elementBytes + " bytes"));
        }
        return new Entry(name, shape, begin, end, int64);
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        return hi != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long[] longs(Object value, int expectedLength, String field, String name, String source) {
        if (!(value instanceof List<?> list) || (expectedLength >= 0 && list.size() != expectedLength)) {
            throw bad(source, "tensor '" + name + "': " + field + " must be a list of "
                    + (expectedLength >= 0 ? expectedLength + " " : "") + "integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigDecimal n)) {
                throw bad(source, "tensor '" + name + "': " + field + " must hold integers, found " + list.get(i));
            }
            try {
                out[i] = n.longValueExact();
            } catch (ArithmeticException e) {
                throw bad(source, "tensor '" + name + "': " + field + " must hold integers, found " + n);
            }
        }
        return out;
    }

    /** Offsets must tile the data exactly, as the reference implementation requires: no overlap, gap or tail. */
    private static void checkLayout(List<Entry> entries, long dataLength, String source) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.end > dataLength) {
                throw bad(source, "tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end
                        + "] run past the end of the data (" + dataLength + " bytes; the file is truncated?)");
            }
            if (e.begin < expected) {
                throw bad(source, "tensors '" + previous.name + "' and '" + e.name + "' overlap (bytes " + e.begin
                        + " to " + Math.min(expected, e.end) + ")");
            }
            if (e.begin > expected) {
                throw bad(source, "bytes " + expected + " to " + e.begin + " of the data belong to no tensor");
            }
            expected = e.end;
            previous = e;
        }
        if (expected != dataLength) {
            throw bad(source, "the last " + (dataLength - expected) + " bytes of the data belong to no tensor");
        }
    }

    private static ModelFileException bad(String source, String problem) {
        return new ModelFileException(source + ": not a valid safetensors file: " + problem);
    }

    // ------------------------------------------------------------------ writing

    /** Atomically writes {@code tensors} and {@code metadata} to {@code file} (see {@link AtomicFiles}). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, Set.of(), metadata);
    }

    /** As {@link #write(Path, Map, Map)}, storing the tensors named in {@code int64} as {@code I64}. */
    public static void write(Path file, Map<String, Tensor> tensors, Set<String> int64, Map<String, String> metadata)
            throws IOException {
        byte[] bytes = encode(tensors, int64, metadata);
        AtomicFiles.write(file, bytes);
    }

    /** The bytes of a safetensors file holding {@code tensors} (any order; written sorted by name). */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return encode(tensors, Set.of(), metadata);
    }

    /**
     * As {@link #encode(Map, Map)}, storing the tensors named in {@code int64} as {@code I64} (names not among the
     * tensors are ignored).
     *
     * @throws IllegalArgumentException when such a tensor holds a value that is not a whole number
     */
    public static byte[] encode(Map<String, Tensor> tensors, Set<String> int64, Map<String, String> metadata) {
        if (tensors.containsKey(METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
        }
        // the reference implementation's order: larger dtypes first (I64 before F32), then by name
        Map<String, Tensor> sorted = new LinkedHashMap<>();
        new TreeMap<>(tensors).forEach((name, t) -> {
            if (int64.contains(name)) {
                sorted.put(name, t);
            }
        });
        new TreeMap<>(tensors).forEach(sorted::putIfAbsent);
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(Json.quote(METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.append(sep).append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            boolean isInt64 = int64.contains(e.getKey());
            long bytes = (long) e.getValue().numel() * (isInt64 ? Long.BYTES : Float.BYTES);
            json.append(json.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(isInt64 ? I64 : F32).append("\",")
                    .append("\"shape\":").append(shapeJson(e.getValue().shape()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        long total = HEADER_LENGTH_BYTES + padded + offset;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors: " + total
                    + " bytes is larger than Lanes can write (2 GB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            boolean isInt64 = int64.contains(e.getKey());
            for (float v : e.getValue().toArray()) {
                if (!isInt64) {
                    out.putFloat(v);
                } else if (Float.isFinite(v) && v == Math.rint(v)) {
                    out.putLong((long) v);
                } else {
                    throw new IllegalArgumentException("safetensors: tensor '" + e.getKey() + "' is stored as I64"
                            + " but holds " + v + ", not a whole number");
                }
            }
        }
        return out.array();
    }

    private static String shapeJson(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
