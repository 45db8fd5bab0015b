package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.kernel.vector.VectorKernel;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Column sums over a million rows stay as accurate as PyTorch's, in {@code sumRows} and in the bias gradient of the
 * fused {@code linearBackward}. A column of a million 0.1s comes out 1 % off as one float running sum, 9.7e-6 off in
 * float blocks of 1024 rows; PyTorch's sum is 5.9e-7 off. Expected values are the float inputs summed in double; the
 * tolerance is 2e-6 of the column's Σ|x|.
 */
class LongRowSumTest {

    /** A tail of 3 rows past the last whole block of {@link ScalarKernel#SUM_BLOCK}. */
    private static final int ROWS = 1_000_003;
    /** A whole vector and a scalar tail at 8 and at 16 lanes. */
    private static final int COLS = 19;
    private static final double RELATIVE = 2e-6;

    static Stream<Kernel> kernels() {
        return Stream.of(new ScalarKernel(), new VectorKernel());
    }

    /** Column 0 all 0.1, column 1 cycling 0, 1, 2 (past 2^24 a float sum loses whole units), the rest mixed. */
    private static float[] longMatrix() {
        float[] x = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < COLS; j++) {
                x[r * COLS + j] = switch (j) {
                    case 0 -> 0.1f;
                    case 1 -> r % 3;
                    default -> ((r * 31 + j * 17) % 201 - 90) / 64f;
                };
            }
        }
        return x;
    }

    private static float[] startValues() {
        float[] out = new float[COLS];
        for (int j = 0; j < COLS; j++) {
            out[j] = j - 7.5f; // sums add into what is there
        }
        return out;
    }

    /** The expected sums: start plus the column sums in double; and each column's Σ|x| for the tolerance. */
    private static void check(String what, float[] x, float[] start, float[] actual) {
        for (int j = 0; j < COLS; j++) {
            double exact = start[j];
            double magnitude = Math.abs(start[j]);
            for (int r = 0; r < ROWS; r++) {
                exact += x[r * COLS + j];
                magnitude += Math.abs(x[r * COLS + j]);
            }
            assertEquals(exact, actual[j], magnitude * RELATIVE, what + ", column " + j);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sumRowsOverAMillionRowsStaysAccurate(Kernel kernel) {
        float[] x = longMatrix();
        float[] out = startValues();
        kernel.sumRows(x, out, ROWS, COLS);
        check(kernel.description() + " sumRows", x, startValues(), out);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void biasGradientOfAMillionRowBatchStaysAccurate(Kernel kernel) {
        float[] dY = longMatrix(); // identity activation: dZ = dY, so the bias gradient is dY's column sums
        float[] x = new float[ROWS];
        Arrays.fill(x, 1f);
        float[] dBias = startValues();
        kernel.linearBackward(x, new float[COLS], dY, null, Activation.IDENTITY, 0f, dY, new float[ROWS * COLS], null,
                new float[COLS], dBias, ROWS, 1, COLS);
        check(kernel.description() + " linearBackward bias gradient", dY, startValues(), dBias);
    }

    /** Up to SUM_BLOCK rows, the sums are the plain float running sums they always were, bit for bit. */
    @ParameterizedTest
    @MethodSource("kernels")
    void batchesUpToOneBlockKeepTheirFloatSums(Kernel kernel) {
        int rows = ScalarKernel.SUM_BLOCK;
        float[] x = new float[rows * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % 101 - 50) / 7f;
        }
        float[] expected = startValues();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < COLS; j++) {
                expected[j] += x[r * COLS + j];
            }
        }
        float[] out = startValues();
        kernel.sumRows(x, out, rows, COLS);
        assertArrayEquals(expected, out, kernel.description());
    }

    /** A bias added as a broadcast tensor op ({@code x.add(b)}) gets its gradient summed down the batch as accurately. */
    @Test
    void broadcastBiasGradientOverAMillionRowsStaysAccurate() {
        Tensor x = Tensor.zeros(ROWS, 3);
        Tensor b = Tensor.zeros(3).requiresGrad(true);
        x.add(b).mul(0.1f).sum().backward();
        double exact = ROWS * (double) 0.1f;
        for (float g : b.grad().toArray()) {
            assertEquals(exact, g, exact * RELATIVE);
        }
    }
}
