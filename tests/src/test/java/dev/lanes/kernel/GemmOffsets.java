package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/**
 * The GEMM offset overloads on operands placed inside larger arrays: A and B surrounded by NaN (an element read from
 * outside its operand poisons the result), C by values that must come back bit for bit (nothing outside C's m·n
 * elements is written). Both kernels are held to a double reference, to each other, and to their own call without
 * offsets on copies of the operands (the placement changes no sum).
 */
final class GemmOffsets {

    /** Most elements before or after an operand. */
    private static final int MAX_MARGIN = 40;

    private GemmOffsets() {
    }

    /** An operand's {@code size} elements at {@code off} in {@code array}. */
    private record Placed(float[] array, int off, int size) {

        /** Random values at a random offset, {@code garbage} before and after (sometimes nothing after). */
        static Placed random(Random rnd, int size, float garbage) {
            int off = margin(rnd);
            float[] array = new float[off + size + margin(rnd)];
            Arrays.fill(array, garbage);
            System.arraycopy(KernelPropertyBase.random(rnd, size), 0, array, off, size);
            return new Placed(array, off, size);
        }

        /** A zero margin a third of the time: an operand that ends the array catches reads past its end. */
        private static int margin(Random rnd) {
            return rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(MAX_MARGIN);
        }

        float[] region(float[] of) {
            return Arrays.copyOfRange(of, off, off + size);
        }
    }

    static void check(GemmForm form, int m, int k, int n, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        Placed a = Placed.random(rnd, m * k, Float.NaN);
        Placed b = Placed.random(rnd, k * n, Float.NaN);
        Placed c = Placed.random(rnd, m * n, 1e6f); // NaN would hide a write of NaN; 1e6 is no result here
        String what = form.method + " " + m + "x" + k + "x" + n + (accumulate ? " accumulate" : "") + " at offsets "
                + a.off() + ", " + b.off() + ", " + c.off() + " (arrays " + a.array().length + ", "
                + b.array().length + ", " + c.array().length + ")";
        GemmForm.Reference expected = form.reference(a.array(), a.off(), b.array(), b.off(), c.array(), c.off(), m,
                k, n, accumulate);
        double[] tolerance = KernelPropertyBase.sumTolerance(expected.magnitude(), k + 1, 0);
        float[][] results = new float[2][];
        Kernel[] kernels = {KernelPropertyBase.SCALAR, KernelPropertyBase.VECTOR};
        for (int t = 0; t < kernels.length; t++) {
            Kernel kernel = kernels[t];
            String on = kernel.description() + " " + what;
            float[] out = c.array().clone();
            form.run(kernel, a.array(), a.off(), b.array(), b.off(), out, c.off(), m, k, n, accumulate);
            results[t] = c.region(out);
            KernelPropertyBase.assertClose(on, expected.values(), results[t], tolerance);
            untouchedAround(on, c, out);
            float[] whole = c.region(c.array());
            form.run(kernel, a.region(a.array()), b.region(b.array()), whole, m, k, n, accumulate);
            assertArrayEquals(whole, results[t], on + ": differs from the same call without offsets");
        }
        KernelPropertyBase.assertClose("vector against scalar, " + what, results[0], results[1], tolerance);
    }

    /** Every element of {@code out} outside C's region holds the bits it held before the call. */
    private static void untouchedAround(String what, Placed c, float[] out) {
        float[] before = c.array();
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= c.off() && i < c.off() + c.size();
            if (!inside && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(out[i])) {
                fail(what + ": element " + i + " outside C (" + c.off() + " to " + (c.off() + c.size())
                        + ") changed from " + before[i] + " to " + out[i]);
            }
        }
    }
}
