package dev.lanes.tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The gradients of indexSelect, gather, max/min and where/maskedFill against central finite differences
 * ({@link GradCheck}), on random shapes, dims (negative too), indices (repeats included) and masks. Each result is
 * passed through tanh, so the check also sees the gradient flowing on into a graph, not only the op on its own.
 */
class IndexingGradientProperties {

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 80)
    void indexSelectAddsTheGradientsOfRepeatedIndices(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random rng = new Random(seed);
        int dim = anyDim(rng, shape.length);
        int size = shape[Math.floorMod(dim, shape.length)];
        int[] indices = new int[1 + rng.nextInt(6)]; // up to 6 picks of at most 4 entries: repeats are common
        for (int k = 0; k < indices.length; k++) {
            indices[k] = rng.nextInt(size);
        }
        check("indexSelect(" + dim + ", " + java.util.Arrays.toString(indices) + ") on " + Shapes.str(shape),
                args -> args.get(0).indexSelect(dim, indices).tanh(), seed, values(rng, shape));
    }

    @Property(tries = 80)
    void gatherAddsTheGradientsOfRepeatedPicks(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random rng = new Random(seed);
        int dim = anyDim(rng, shape.length);
        int d = Math.floorMod(dim, shape.length);
        int[] indexShape = new int[shape.length];
        for (int k = 0; k < shape.length; k++) {
            indexShape[k] = k == d ? 1 + rng.nextInt(5) : 1 + rng.nextInt(shape[k]); // wider along dim is allowed
        }
        float[] index = new float[Shapes.numel(indexShape)];
        for (int p = 0; p < index.length; p++) {
            index[p] = rng.nextInt(shape[d]);
        }
        Tensor idx = Tensor.of(index, indexShape);
        check("gather(" + dim + ", " + idx + ") on " + Shapes.str(shape),
                args -> args.get(0).gather(dim, idx).tanh(), seed, values(rng, shape));
    }

    /** Distinct values at least 0.05 apart: no tie within the finite difference's step, where max has a kink. */
    @Property(tries = 80)
    void maxAndMinRouteTheGradientToTheChosenElement(@ForAll("shapes") int[] shape, @ForAll long seed,
                                                     @ForAll boolean keepDim, @ForAll boolean max) {
        Random rng = new Random(seed);
        int dim = anyDim(rng, shape.length);
        Tensor x = distinct(rng, shape);
        String op = max ? "max" : "min";
        check(op + "(" + dim + ", " + keepDim + ") on " + Shapes.str(shape),
                args -> (max ? args.get(0).max(dim, keepDim) : args.get(0).min(dim, keepDim)).tanh(), seed, x);
        check(op + "() on " + Shapes.str(shape), args -> (max ? args.get(0).max() : args.get(0).min()).tanh(), seed, x);
    }

    @Property(tries = 80)
    void whereAndMaskedFillPassTheGradientWhereChosen(@ForAll long seed) {
        Random rng = new Random(seed);
        int rows = 1 + rng.nextInt(4);
        int cols = 1 + rng.nextInt(4);
        int[][] shapes = { // condition, a, b: each one of the full shape, a column, a row or a scalar
            pick(rng, rows, cols), pick(rng, rows, cols), pick(rng, rows, cols)};
        Tensor condition = mask(rng, shapes[0]);
        check("where(" + condition + ", " + Shapes.str(shapes[1]) + ", " + Shapes.str(shapes[2]) + ")",
                args -> Tensor.where(condition, args.get(0), args.get(1)).tanh(), seed,
                values(rng, shapes[1]), values(rng, shapes[2]));
        check("maskedFill(" + condition + ", -2) on " + Shapes.str(shapes[1]),
                args -> args.get(0).maskedFill(condition, -2f).tanh(), seed, values(rng, shapes[1]));
    }

    private static int[] pick(Random rng, int rows, int cols) {
        return switch (rng.nextInt(4)) {
            case 0 -> new int[] {rows, cols};
            case 1 -> new int[] {rows, 1};
            case 2 -> new int[] {cols};
            default -> new int[] {};
        };
    }

    /** A dimension of a rank-{@code rank} tensor, negative half of the time. */
    private static int anyDim(Random rng, int rank) {
        return rng.nextInt(rank) - (rng.nextBoolean() ? rank : 0);
    }

    private static void check(String what, Function<List<Tensor>, Tensor> f, long seed, Tensor... inputs) {
        GradCheck.check(what, f, List.of(inputs), seed);
    }

    private static Tensor values(Random rng, int[] shape) {
        float[] v = new float[Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat() * 4f - 2f;
        }
        return Tensor.of(v, shape);
    }

    /** Shuffled multiples of 0.05 around 0. */
    private static Tensor distinct(Random rng, int[] shape) {
        int n = Shapes.numel(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * 0.05f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    private static Tensor mask(Random rng, int[] shape) {
        float[] m = new float[Shapes.numel(shape)];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextBoolean() ? 1f : 0f;
        }
        return Tensor.of(m, shape);
    }
}
