package dev.lanes.tensor;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The gradients of matmul and bmm against central finite differences ({@link GradCheck}) on random operand ranks
 * (1-D to 4-D on each side) with batch dimensions that broadcast (each 1 on one side or the other, or missing), so
 * that the gradient of a broadcast operand must be summed over the batches that read it, and a 1-D operand's
 * gradient must come back 1-D. The result passes through tanh, so the gradient also flows on into a graph.
 */
class MatmulGradientProperties {

    @Property(tries = 120)
    void matmulGradientsMatchFiniteDifferences(@ForAll long seed) {
        Random rng = new Random(seed);
        int rankA = 1 + rng.nextInt(4);
        int rankB = 1 + rng.nextInt(4);
        int[] batch = new int[Math.max(0, Math.max(rankA, rankB) - 2)];
        for (int d = 0; d < batch.length; d++) {
            batch[d] = 1 + rng.nextInt(3);
        }
        int m = 1 + rng.nextInt(3);
        int k = 1 + rng.nextInt(3);
        int n = 1 + rng.nextInt(3);
        int[] a = operand(rng, batch, rankA, m, k, k);
        int[] b = operand(rng, batch, rankB, k, n, k);
        GradCheck.check("matmul of " + Shapes.str(a) + " and " + Shapes.str(b),
                args -> args.get(0).matmul(args.get(1)).tanh(), List.of(values(rng, a), values(rng, b)), seed);
    }

    @Property(tries = 40)
    void bmmGradientsMatchFiniteDifferences(@ForAll long seed) {
        Random rng = new Random(seed);
        int batches = 1 + rng.nextInt(3);
        int m = 1 + rng.nextInt(3);
        int k = 1 + rng.nextInt(3);
        int n = 1 + rng.nextInt(3);
        int[] a = {batches, m, k};
        int[] b = {batches, k, n};
        GradCheck.check("bmm of " + Shapes.str(a) + " and " + Shapes.str(b),
                args -> args.get(0).bmm(args.get(1)).tanh(), List.of(values(rng, a), values(rng, b)), seed);
    }

    /**
     * A shape of rank {@code rank}: {@code [inner]} when 1-D, else the trailing batch dimensions of {@code batch}
     * (each kept, or 1 a third of the time) and {@code rows, cols}.
     */
    private static int[] operand(Random rng, int[] batch, int rank, int rows, int cols, int inner) {
        if (rank == 1) {
            return new int[] {inner};
        }
        int[] shape = new int[rank];
        for (int d = 0; d < rank - 2; d++) {
            int size = batch[batch.length - (rank - 2) + d];
            shape[d] = rng.nextInt(3) == 0 ? 1 : size;
        }
        shape[rank - 2] = rows;
        shape[rank - 1] = cols;
        return shape;
    }

    private static Tensor values(Random rng, int[] shape) {
        float[] v = new float[Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat() * 2f - 1f;
        }
        return Tensor.of(v, shape);
    }
}
