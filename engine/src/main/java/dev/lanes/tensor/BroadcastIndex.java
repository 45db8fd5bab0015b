package dev.lanes.tensor;

/**
 * For ops over three operands ({@code where}) or that need no speed ({@code eq}, {@code gt}, ...): where each
 * element of a broadcast result reads an operand, as one flat index per output element, from {@link Broadcast}'s
 * walks. {@code null} stands for "the operand has the result's shape": element i reads element i.
 */
final class BroadcastIndex {

    private BroadcastIndex() {
    }

    /** The operand element each element of {@code out} reads, or null when {@code operand} is {@code out}. */
    static int[] of(int[] operand, int[] out) {
        if (Shapes.same(operand, out)) {
            return null;
        }
        int[] source = new int[Shapes.numel(out)];
        if (source.length == 0) {
            return source;
        }
        Broadcast plan = Broadcast.of(operand, out, out);
        for (int w = 0; w < plan.walks; w++) {
            int o = plan.outStart(w);
            int a = plan.aStart(w);
            for (int j = 0; j < plan.walkLength; j++) {
                source[o + j * plan.outStep] = a + j * plan.aStep;
            }
        }
        return source;
    }

    /** Element {@code i}'s source under a map from {@link #of}. */
    private static int at(int[] map, int i) {
        return map == null ? i : map[i];
    }

    /** The broadcast shape of some operands, and for each its map from {@link #of}. */
    record Plan(int[] shape, int[][] sources) {
        /** Where element {@code i} of the result reads operand {@code k}. */
        int source(int k, int i) {
            return at(sources[k], i);
        }
    }

    /** The plan for the operands of {@code op}, which names it in the error when their shapes do not broadcast. */
    static Plan plan(String op, Tensor... operands) {
        int[] shape = operands[0].shapeRef();
        for (int k = 1; k < operands.length; k++) {
            shape = Shapes.broadcast(op, shape, operands[k].shapeRef());
        }
        int[][] sources = new int[operands.length][];
        for (int k = 0; k < operands.length; k++) {
            sources[k] = of(operands[k].shapeRef(), shape);
        }
        return new Plan(shape, sources);
    }
}
