package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Broadcasting on random compatible shapes up to rank 4 (dimensions dropped, set to 1, or 0-sized), against a
 * per-element reference that works on multi-indices, and gradients through it against finite differences.
 */
class BroadcastProperties {

    /** Float ops on the same two floats are deterministic: the engine and the reference must agree exactly. */
    private static final float EXACT = 0f;

    @Property(tries = 150)
    void forwardMatchesAMultiIndexReference(@ForAll @IntRange(min = 0, max = 4) int rank, @ForAll long seed) {
        Random rng = new Random(seed);
        int[] full = randomShape(rng, rank);
        int[] a = broadcastableTo(rng, full);
        int[] b = broadcastableTo(rng, full);
        int[] out = ShapeMismatchProperties.broadcastShape(a, b);
        Tensor x = Tensor.randn(rng, a);
        Tensor y = Tensor.rand(rng, b).add(0.5f);
        float[] xs = x.toArray();
        float[] ys = y.toArray();
        String what = Shapes.str(a) + " with " + Shapes.str(b);
        assertArrayEquals(reference(xs, a, ys, b, out, '+'), x.add(y).toArray(), EXACT, "add " + what);
        assertArrayEquals(reference(xs, a, ys, b, out, '-'), x.sub(y).toArray(), EXACT, "sub " + what);
        assertArrayEquals(reference(xs, a, ys, b, out, '*'), x.mul(y).toArray(), EXACT, "mul " + what);
        assertArrayEquals(reference(xs, a, ys, b, out, '/'), x.div(y).toArray(), EXACT, "div " + what);
        assertArrayEquals(out, x.mul(y).shape(), what);
        Tensor target = Tensor.zeros(out);
        target.addInPlace(x).mulInPlace(y);
        assertArrayEquals(reference(xs, a, ys, b, out, '*'), target.toArray(), EXACT, "in place " + what);
    }

    @Property(tries = 80)
    void gradientsFlowBackThroughAnyBroadcast(@ForAll @IntRange(min = 0, max = 4) int rank, @ForAll long seed) {
        Random rng = new Random(seed);
        int[] full = randomShape(rng, rank);
        int[] a = broadcastableTo(rng, full);
        int[] b = broadcastableTo(rng, full);
        if (Shapes.numel(ShapeMismatchProperties.broadcastShape(a, b)) == 0) {
            return; // nothing to differentiate
        }
        Tensor x = Tensor.randn(rng, a);
        Tensor y = Tensor.rand(rng, b).add(0.5f); // in [0.5, 1.5): the quotient's derivatives stay moderate
        GradCheck.check("x*y + x/y with " + Shapes.str(a) + " " + Shapes.str(b),
                args -> args.get(0).mul(args.get(1)).add(args.get(0).div(args.get(1))).sub(args.get(1)),
                List.of(x, y), seed);
    }

    private static int[] randomShape(Random rng, int rank) {
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = rng.nextInt(20) == 0 ? 0 : 1 + rng.nextInt(3);
        }
        return shape;
    }

    /** A shape that broadcasts to {@code out}: some leading dimensions dropped, some others set to 1. */
    private static int[] broadcastableTo(Random rng, int[] out) {
        int drop = rng.nextInt(out.length + 1);
        int[] shape = Arrays.copyOfRange(out, drop, out.length);
        for (int d = 0; d < shape.length; d++) {
            if (rng.nextInt(3) == 0) {
                shape[d] = 1;
            }
        }
        return shape;
    }

    /** out[i] = p[index of i in shape ps] op q[index of i in shape qs], through explicit multi-indices. */
    private static float[] reference(float[] p, int[] ps, float[] q, int[] qs, int[] out, char op) {
        float[] result = new float[Shapes.numel(out)];
        int[] index = new int[out.length];
        for (int flat = 0; flat < result.length; flat++) {
            int rest = flat;
            for (int d = out.length - 1; d >= 0; d--) {
                index[d] = rest % out[d];
                rest /= out[d];
            }
            float u = p[offset(index, ps)];
            float v = q[offset(index, qs)];
            result[flat] = switch (op) {
                case '+' -> u + v;
                case '-' -> u - v;
                case '*' -> u * v;
                default -> u / v;
            };
        }
        return result;
    }

    private static int offset(int[] outIndex, int[] shape) {
        int shift = outIndex.length - shape.length;
        int offset = 0;
        for (int d = 0; d < shape.length; d++) {
            offset = offset * shape[d] + (shape[d] == 1 ? 0 : outIndex[d + shift]);
        }
        return offset;
    }
}
