package dev.lanes.tensor;

/**
 * The matrices of one operand (or of its gradient) in a batched product, batch by batch, as arrays that start at
 * index 0, which is how the {@link dev.lanes.kernel.Kernel}'s GEMMs take them: the array itself for the matrix at
 * offset 0 (the kernels read only the prefix their sizes say), else a copy in a scratch array, made once while
 * consecutive batches read the same matrix (a broadcast operand).
 */
final class BatchSlices {

    private final float[] data;
    private final int[] index; // the matrix batch i reads; null when it is the i-th
    private final int size;
    private float[] scratch;
    private int loaded = -1; // the matrix now in scratch, or -1

    /** {@code size} elements per matrix; {@code index} from {@link BroadcastIndex#of}, {@code null} for 1:1. */
    BatchSlices(float[] data, int[] index, int size) {
        this.data = data;
        this.index = index;
        this.size = size;
    }

    private int matrix(int batch) {
        return index == null ? batch : index[batch];
    }

    /** Batch {@code batch}'s matrix, to read. */
    float[] read(int batch) {
        int j = matrix(batch);
        if (j == 0) {
            return data;
        }
        if (j != loaded) {
            System.arraycopy(data, j * size, scratch(), 0, size);
            loaded = j;
        }
        return scratch;
    }

    /**
     * Where a result for batch {@code batch}'s matrix is to be written before {@link #store}: the array itself
     * (a GEMM may then accumulate into it directly), or scratch.
     */
    float[] target(int batch) {
        loaded = -1;
        return matrix(batch) == 0 ? data : scratch();
    }

    /** Puts a result written into {@link #target} in place: copied over the matrix, or with {@code add} added. */
    void store(int batch, float[] target, boolean add) {
        if (target == data) {
            return;
        }
        int offset = matrix(batch) * size;
        if (!add) {
            System.arraycopy(target, 0, data, offset, size);
            return;
        }
        for (int i = 0; i < size; i++) {
            data[offset + i] += target[i];
        }
    }

    private float[] scratch() {
        if (scratch == null) {
            scratch = new float[size];
        }
        return scratch;
    }
}
