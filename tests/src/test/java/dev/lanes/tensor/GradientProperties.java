package dev.lanes.tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every differentiable op's gradient against central finite differences ({@link GradCheck}), on random data. */
class GradientProperties {

    /** Where an op's inputs are drawn, keeping clear of points where it is not differentiable. */
    enum Domain {
        ANY, POSITIVE, AWAY_FROM_ZERO;

        float draw(Random rng) {
            float magnitude = 0.3f + 2.7f * rng.nextFloat();
            return switch (this) {
                case ANY -> rng.nextFloat() * 6f - 3f;
                case POSITIVE -> magnitude;
                case AWAY_FROM_ZERO -> rng.nextBoolean() ? magnitude : -magnitude;
            };
        }
    }

    enum UnaryOp {
        NEG(Domain.ANY, Tensor::neg),
        POW_2(Domain.ANY, x -> x.pow(2f)),
        POW_3(Domain.ANY, x -> x.pow(3f)),
        POW_HALF(Domain.POSITIVE, x -> x.pow(0.5f)),
        POW_MINUS_1(Domain.AWAY_FROM_ZERO, x -> x.pow(-1f)),
        EXP(Domain.ANY, Tensor::exp),
        LOG(Domain.POSITIVE, Tensor::log),
        RELU(Domain.AWAY_FROM_ZERO, Tensor::relu),
        SIGMOID(Domain.ANY, Tensor::sigmoid),
        TANH(Domain.ANY, Tensor::tanh),
        LEAKY_RELU(Domain.AWAY_FROM_ZERO, x -> x.leakyRelu(0.1f)),
        GELU(Domain.ANY, Tensor::gelu),
        GELU_TANH(Domain.ANY, x -> x.gelu("tanh")),
        SILU(Domain.ANY, Tensor::silu),
        ELU(Domain.AWAY_FROM_ZERO, x -> x.elu(0.5f)), // alpha != 1: the derivative jumps at 0
        ABS(Domain.AWAY_FROM_ZERO, Tensor::abs),
        SQRT(Domain.POSITIVE, Tensor::sqrt),
        CLAMP(Domain.AWAY_FROM_ZERO, x -> x.clamp(-0.2f, Float.POSITIVE_INFINITY)), // the kink inside (-0.3, 0.3)
        ADD_FLOAT(Domain.ANY, x -> x.add(2.5f)),
        SUB_FLOAT(Domain.ANY, x -> x.sub(-1.25f)),
        MUL_FLOAT(Domain.ANY, x -> x.mul(-1.5f)),
        DIV_FLOAT(Domain.ANY, x -> x.div(0.75f)),
        SUM(Domain.ANY, Tensor::sum),
        MEAN(Domain.ANY, Tensor::mean),
        RESHAPE_FLAT(Domain.ANY, x -> x.reshape(-1));

        final Domain domain;
        final UnaryOperator<Tensor> f;

        UnaryOp(Domain domain, UnaryOperator<Tensor> f) {
            this.domain = domain;
            this.f = f;
        }
    }

    enum BinaryOp {
        ADD(Tensor::add), SUB(Tensor::sub), MUL(Tensor::mul), DIV(Tensor::div);

        final java.util.function.BinaryOperator<Tensor> f;

        BinaryOp(java.util.function.BinaryOperator<Tensor> f) {
            this.f = f;
        }
    }

    /** Operand shapes (for r rows and c columns) covering every kind of broadcasting. */
    enum Broadcasting {
        SAME, BIAS_ROW, BIAS_1D, ROW_ON_LEFT, SCALAR_RIGHT, SCALAR_LEFT, COLUMN, OUTER, RANK_3;

        int[][] shapes(int r, int c) {
            return switch (this) {
                case SAME -> new int[][] {{r, c}, {r, c}};
                case BIAS_ROW -> new int[][] {{r, c}, {1, c}};
                case BIAS_1D -> new int[][] {{r, c}, {c}};
                case ROW_ON_LEFT -> new int[][] {{1, c}, {r, c}};
                case SCALAR_RIGHT -> new int[][] {{r, c}, {}};
                case SCALAR_LEFT -> new int[][] {{}, {r, c}};
                case COLUMN -> new int[][] {{r, c}, {r, 1}};
                case OUTER -> new int[][] {{r, 1}, {1, c}};
                case RANK_3 -> new int[][] {{2, r, c}, {r, 1}};
            };
        }
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(3);
    }

    @Property(tries = 100)
    void unaryOps(@ForAll UnaryOp op, @ForAll("shapes") int[] shape, @ForAll long seed) {
        Random rng = new Random(seed);
        check(op + " on " + Shapes.str(shape), args -> op.f.apply(args.get(0)), seed,
                values(rng, shape, op.domain));
    }

    @Property(tries = 100)
    void binaryOpsWithBroadcasting(@ForAll BinaryOp op, @ForAll Broadcasting broadcasting,
                                   @ForAll @IntRange(min = 1, max = 4) int rows,
                                   @ForAll @IntRange(min = 1, max = 4) int cols, @ForAll long seed) {
        Random rng = new Random(seed);
        int[][] shapes = broadcasting.shapes(rows, cols);
        Domain right = op == BinaryOp.DIV ? Domain.AWAY_FROM_ZERO : Domain.ANY;
        check(op + " " + broadcasting + " " + Shapes.str(shapes[0]) + " " + Shapes.str(shapes[1]),
                args -> op.f.apply(args.get(0), args.get(1)), seed,
                values(rng, shapes[0], Domain.ANY), values(rng, shapes[1], right));
    }

    @Property(tries = 60)
    void reductionsAlongADimension(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll boolean keepDim,
                                   @ForAll boolean mean) {
        if (shape.length == 0) {
            shape = new int[] {3};
        }
        Random rng = new Random(seed);
        int dim = rng.nextInt(shape.length) - (rng.nextBoolean() ? shape.length : 0); // negative dims too
        check((mean ? "mean(" : "sum(") + dim + ", " + keepDim + ") on " + Shapes.str(shape),
                args -> mean ? args.get(0).mean(dim, keepDim) : args.get(0).sum(dim, keepDim), seed,
                values(rng, shape, Domain.ANY));
    }

    @Property(tries = 60)
    void matmulTransposeAndReshape(@ForAll @IntRange(min = 1, max = 5) int m,
                                   @ForAll @IntRange(min = 1, max = 5) int k,
                                   @ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed) {
        Random rng = new Random(seed);
        Tensor a = values(rng, new int[] {m, k}, Domain.ANY);
        Tensor b = values(rng, new int[] {k, n}, Domain.ANY);
        check("mm " + m + "x" + k + " " + k + "x" + n, args -> args.get(0).mm(args.get(1)), seed, a, b);
        check("matmul of transposes", args -> args.get(1).t().matmul(args.get(0).transpose()), seed, a, b);
        check("reshape then mm", args -> args.get(0).reshape(k, m).t().mm(args.get(1).reshape(k, n)), seed, a, b);
    }

    @Property(tries = 60)
    void joiningAndSqueezing(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 4) int cols,
                             @ForAll @IntRange(min = 1, max = 3) int extra, @ForAll long seed) {
        Random rng = new Random(seed);
        Tensor a = values(rng, new int[] {rows, cols}, Domain.ANY);
        Tensor b = values(rng, new int[] {rows, extra}, Domain.ANY);
        Tensor c = values(rng, new int[] {extra, cols}, Domain.ANY);
        check("cat along 1 (and a tensor twice)", args -> Tensor.cat(List.of(args.get(0), args.get(1), args.get(0)), 1)
                .tanh(), seed, a, b);
        check("cat along 0", args -> Tensor.cat(List.of(args.get(0), args.get(1)), 0).sigmoid(), seed, a, c);
        check("stack along 1, unsqueeze, squeeze", args -> Tensor.stack(List.of(args.get(0), args.get(0).mul(2f)), 1)
                .unsqueeze(0).tanh().squeeze(0), seed, a);
        check("split along 1 and cat back", args -> Tensor.cat(args.get(0).split(2, 1).stream().map(Tensor::tanh)
                .toList(), 1), seed, a);
        check("narrow rows", args -> args.get(0).narrow(0, rows - 1, 1).sigmoid(), seed, a);
    }

    /** Graphs where one tensor feeds several ops, so gradients must accumulate rather than overwrite. */
    @Property(tries = 60)
    void composedGraphsAccumulate(@ForAll @IntRange(min = 1, max = 4) int rows,
                                  @ForAll @IntRange(min = 1, max = 4) int cols, @ForAll long seed) {
        Random rng = new Random(seed);
        Tensor x = values(rng, new int[] {rows, cols}, Domain.ANY);
        Tensor y = values(rng, new int[] {rows, cols}, Domain.AWAY_FROM_ZERO);
        check("x*x + x/y - x", args -> {
            Tensor a = args.get(0);
            return a.mul(a).add(a.div(args.get(1))).sub(a);
        }, seed, x, y);
        check("h = sigmoid(x); h*tanh(h) summed along rows + mean(h)", args -> {
            Tensor h = args.get(0).sigmoid();
            return h.mul(h.tanh()).sum(1).add(h.mean());
        }, seed, x);
        check("x.mm(x^T) (one tensor on both sides of mm)", args -> args.get(0).mm(args.get(0).t()), seed, x);
        // an intermediate whose add (or sub) consumer runs backward after its other consumer has given it a
        // gradient: the add must add its share, not hand its own gradient array over the one already there
        for (boolean subtract : new boolean[] {false, true}) {
            check("h = 2x: (h " + (subtract ? "-" : "+") + " y).sum() + (3h).sum()", args -> {
                Tensor h = args.get(0).mul(2f);
                Tensor second = subtract ? h.sub(args.get(1)) : h.add(args.get(1));
                return second.sum().add(h.mul(3f).sum());
            }, seed, x, y);
        }
    }

    /** The seed's kind of network: two dense layers with bias rows, squared error, mean. */
    @Property(tries = 40)
    void multiLayerPerceptron(@ForAll @IntRange(min = 1, max = 5) int batch,
                              @ForAll @IntRange(min = 1, max = 4) int in,
                              @ForAll @IntRange(min = 1, max = 4) int hidden,
                              @ForAll @IntRange(min = 1, max = 3) int out, @ForAll long seed) {
        Random rng = new Random(seed);
        Tensor target = values(rng, new int[] {batch, out}, Domain.ANY);
        check("2-layer MLP", args -> args.get(0).mm(args.get(1)).add(args.get(2)).tanh()
                        .mm(args.get(3)).add(args.get(4)).sigmoid().sub(target).pow(2).mean(),
                seed,
                values(rng, new int[] {batch, in}, Domain.ANY),
                values(rng, new int[] {in, hidden}, Domain.ANY),
                values(rng, new int[] {1, hidden}, Domain.ANY),
                values(rng, new int[] {hidden, out}, Domain.ANY),
                values(rng, new int[] {out}, Domain.ANY));
    }

    private static void check(String what, Function<List<Tensor>, Tensor> f, long seed, Tensor... inputs) {
        GradCheck.check(what, f, List.of(inputs), seed);
    }

    private static Tensor values(Random rng, int[] shape, Domain domain) {
        float[] v = new float[Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = domain.draw(rng);
        }
        return Tensor.of(v, shape);
    }
}
