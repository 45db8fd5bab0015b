package dev.lanes.cli.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads MNIST's IDX format: a big-endian magic number ({@code 0x0000 08 dims}: unsigned bytes, then the number of
 * dimensions), one big-endian int per dimension, then the values. Images become rows of pixels scaled to [0, 1],
 * as torchvision's {@code ToTensor} does; labels stay integers.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final float PIXEL_SCALE = 1f / 255f;

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
        byte[] pixels = readFully(in, (int) size, source);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[i] & 0xff) * PIXEL_SCALE;
        }
        countAndWidth[0] = dims[0];
        countAndWidth[1] = dims[1] * dims[2];
        return out;
    }

    /** One unsigned label per item. */
    public static int[] readLabels(InputStream raw, String source) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int[] dims = header(in, source, 1);
        byte[] bytes = readFully(in, dims[0], source);
        int[] labels = new int[bytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = bytes[i] & 0xff;
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

    private static byte[] readFully(DataInputStream in, int count, String source) throws IOException {
        byte[] bytes = new byte[count];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new DataException(source + ": truncated: the header announces " + count + " bytes of data");
        }
        return bytes;
    }
}
