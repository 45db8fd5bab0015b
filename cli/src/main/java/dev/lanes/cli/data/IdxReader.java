package dev.lanes.cli.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MNIST's IDX format: a big-endian magic number ({@code 0x0000 08 dims}: unsigned bytes, then the number of
 * dimensions), one big-endian int per dimension, then the values. Images become rows of pixels scaled to [0, 1],
 * as torchvision's {@code ToTensor} does; labels stay integers.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final float PIXEL_SCALE = 1f / 255f;
    /** Data is read this many bytes at a time, so memory grows only as fast as the file really holds data. */
    static final int CHUNK_BYTES = 1 << 22;

    private IdxReader() {
    }

    /** Images as {@code [count, height × width]} floats in [0, 1]; {@code dims[0..1]} receive count and width. */
    public static float[] readImages(InputStream raw, String source, int[] countAndWidth) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int[] dims = header(in, source, 3);
        long size = (long) dims[0] * dims[1] * dims[2];
        if (size > Integer.MAX_VALUE - 16) {
            throw new DataException(source + ": " + dims[0] + " images of " + dims[1] + "x" + dims[2]
                    + " are too many");
        }
        List<byte[]> pixels = readFully(in, (int) size, source);
        float[] out = new float[(int) size];
        int i = 0;
        for (byte[] chunk : pixels) {
            for (byte b : chunk) {
                out[i++] = (b & 0xff) * PIXEL_SCALE;
            }
        }
        countAndWidth[0] = dims[0];
        countAndWidth[1] = dims[1] * dims[2];
        return out;
    }

    /** One unsigned label per item. */
    public static int[] readLabels(InputStream raw, String source) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int[] dims = header(in, source, 1);
        int[] labels = new int[dims[0]];
        int i = 0;
        for (byte[] chunk : readFully(in, dims[0], source)) {
            for (byte b : chunk) {
                labels[i++] = b & 0xff;
            }
        }
        return labels;
    }

    private static int[] header(DataInputStream in, String source, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataException(source + ": the file is empty or truncated (no IDX header)");
        }
        int type = (magic >>> 8) & 0xff;
        int dimCount = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dimCount != expectedDims) {
            throw new DataException(String.format("%s: not an IDX file of %s (magic 0x%08x, expected 0x%08x)", source,
                    expectedDims == 3 ? "images" : "labels", magic, (UNSIGNED_BYTE << 8) | expectedDims));
        }
        int[] dims = new int[dimCount];
        for (int i = 0; i < dimCount; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new DataException(source + ": truncated IDX header");
            }
            if (dims[i] <= 0) {
                throw new DataException(source + ": IDX dimension " + i + " is " + dims[i]);
            }
        }
        return dims;
    }

    /**
     * The {@code count} data bytes, read in chunks of at most {@link #CHUNK_BYTES}: a header that claims far more
     * data than the file holds (a lie, or a truncated download) fails at the end of the file, before the claimed
     * size is ever allocated; a gzip file's real size is not known before it is read.
     */
    private static List<byte[]> readFully(DataInputStream in, int count, String source) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long read = 0;
        while (read < count) {
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, count - read)];
            int n = in.readNBytes(chunk, 0, chunk.length);
            read += n;
            if (n < chunk.length) {
                throw new DataException(source + ": truncated or a wrong header: the header announces " + count
                        + " bytes of data but only " + read + " follow it");
            }
            chunks.add(chunk);
        }
        return chunks;
    }
}
