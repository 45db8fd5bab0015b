package dev.lanes.tensor;

import dev.lanes.kernel.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of {@code float}: a shape plus a contiguous row-major {@code float[]}, with optional
 * reverse-mode autograd — the Lanes counterpart of {@code torch.Tensor}.
 *
 * <p>Ops that involve a tensor with {@link #requiresGrad()} record a graph (unless inside
 * {@link GradMode#noGrad()}); {@link #backward()} then adds gradients into every leaf's {@link #grad()}.
 * Gradients accumulate across backward calls until zeroed, as in PyTorch.
 */
public final class Tensor {

    private final int[] shape;
    final float[] data;
    private int version; // bumped by every in-place op; read through versionOwner
    private final Tensor versionOwner; // this, or for a detached view the tensor whose counter it shares
    private boolean requiresGrad;
    private Tensor grad; // leaves only
    final Node node; // the op that produced this tensor; null for leaves
    float[] pendingGrad; // gradient of a non-leaf, alive only during a backward sweep

    /** {@code viewOf}: the tensor whose storage and version counter this one shares, or null for its own. */
    private Tensor(float[] data, int[] shape, Tensor viewOf, Node node) {
        this.data = data;
        this.shape = shape;
        this.versionOwner = viewOf == null ? this : viewOf.versionOwner;
        this.node = node;
        this.requiresGrad = node != null;
    }

    /** Wraps {@code data} (not copied) with the given shape; internal factory for op results. */
    static Tensor wrap(float[] data, int... shape) {
        int n = Shapes.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + n + " elements)");
        }
        return new Tensor(data, shape.clone(), null, null);
    }

    /**
     * Whether an op on {@code a} records a graph node. Ops ask before building their backward closure, so that
     * an unrecorded op (no grad needed, or inside {@link GradMode#noGrad()}) allocates only its result.
     */
    static boolean records(Tensor a) {
        return a.requiresGrad && GradMode.isEnabled();
    }

    /** As {@link #records(Tensor)}, for a binary op. */
    static boolean records(Tensor a, Tensor b) {
        return (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled();
    }

    /** An op's result outside the graph; {@code shape} is kept, not copied, and never written. */
    static Tensor unrecorded(float[] data, int[] shape) {
        return new Tensor(data, shape, null, null);
    }

    /**
     * The result of an op written outside this package ({@link CustomOp}): recorded when grad mode is on and an
     * input requires grad. Its backward is not known here, so in-place changes to any of its values are caught.
     */
    static Tensor result(float[] data, int[] shape, String op, CustomOp.Backward backward, Tensor... inputs) {
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in.requiresGrad) {
                    return recorded(data, shape, new Node(op, Node.Saved.ALL, inputs) {
                        private CustomOp.Backward closure = backward; // dropped once run: it may hold buffers

                        @Override
                        void backward(float[] gradOutput) {
                            closure.run(gradOutput);
                        }

                        @Override
                        void free() {
                            super.free();
                            closure = null;
                        }
                    });
                }
            }
        }
        return unrecorded(data, shape);
    }

    /** The result of a built-in op that {@link #records} said is recorded, as the output of {@code node}. */
    static Tensor recorded(float[] data, int[] shape, Node node) {
        Tensor out = new Tensor(data, shape, null, node);
        node.output = out;
        return out;
    }

    // ------------------------------------------------------------------ factories

    /** A tensor of the given shape filled with zeros. */
    public static Tensor zeros(int... shape) {
        return wrap(new float[Shapes.numel(shape)], shape);
    }

    /** A tensor of the given shape filled with ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor of the given shape filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        Arrays.fill(d, value);
        return wrap(d, shape);
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(float value) {
        return wrap(new float[] {value});
    }

    /** A 1-D tensor of the given values (copied). */
    public static Tensor of(float... values) {
        return wrap(values.clone(), values.length);
    }

    /** A tensor of the given shape over a copy of the flat row-major {@code values}. */
    public static Tensor of(float[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** A 2-D tensor from rows (copied); every row must have the same length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("tensor: row " + r + " has " + rows[r].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return wrap(d, rows.length, cols);
    }

    /** Uniform samples in [0, 1) from a seeded generator. */
    public static Tensor rand(RandomGenerator rng, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextFloat();
        }
        return wrap(d, shape);
    }

    /** Uniform samples in [0, 1) from {@code new Random(seed)}. */
    public static Tensor rand(long seed, int... shape) {
        return rand(new Random(seed), shape);
    }

    /** Standard normal samples from a seeded generator. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return wrap(d, shape);
    }

    /** Standard normal samples from {@code new Random(seed)}. */
    public static Tensor randn(long seed, int... shape) {
        return randn(new Random(seed), shape);
    }

    /** Integers drawn uniformly from [low, high), stored as floats (like {@code torch.randint(..., dtype=float32)}). */
    public static Tensor randint(int low, int high, RandomGenerator rng, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        }
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(low, high);
        }
        return wrap(d, shape);
    }

    /** Integers drawn uniformly from [low, high) with {@code new Random(seed)}. */
    public static Tensor randint(int low, int high, long seed, int... shape) {
        return randint(low, high, new Random(seed), shape);
    }

    // ------------------------------------------------------------------ inspection

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape array itself, for the ops in this package; never modify it. */
    int[] shapeRef() {
        return shape;
    }

    /** Size along dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shapes.checkDim("size", dim, shape.length)];
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return data.length;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item(): a tensor with " + data.length + " elements (shape "
                    + Shapes.str(shape) + ") cannot be converted to a scalar");
        }
        return data[0];
    }

    /** The element at the given index (one index per dimension). */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of shape "
                    + Shapes.str(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("get: index " + index[d] + " is out of range for dimension "
                        + d + " of size " + shape[d]);
            }
            flat = flat * shape[d] + index[d];
        }
        return data[flat];
    }

    /** A copy of the values, flat, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** A copy of a 2-D tensor's values as rows. */
    public float[][] toArray2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("toArray2d(): tensor has shape " + Shapes.str(shape) + ", not 2-D");
        }
        float[][] rows = new float[shape[0]][];
        for (int r = 0; r < shape[0]; r++) {
            rows[r] = Arrays.copyOfRange(data, r * shape[1], (r + 1) * shape[1]);
        }
        return rows;
    }

    /**
     * The backing array itself, not a copy: for kernels and optimizers that update parameters in place.
     * Writing to it bypasses autograd's checks; prefer the {@code *InPlace} methods.
     */
    public float[] storage() {
        return data;
    }

    int version() {
        return versionOwner.version;
    }

    /** Marks a direct write through {@link #storage()}, so that autograd can detect stale saved inputs. */
    public void markModified() {
        versionOwner.version++;
    }

    // ------------------------------------------------------------------ autograd

    /** Whether gradients flow into this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Sets whether a leaf tensor accumulates gradients; returns this (PyTorch's {@code requires_grad_}). */
    public Tensor requiresGrad(boolean requires) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad(" + requires + "): only leaf tensors can change it; this "
                    + "tensor was produced by " + node.name + ". Use detach() for a tensor without history.");
        }
        requiresGrad = requires;
        return this;
    }

    /** True for tensors created by the user rather than by an op that recorded a graph. */
    public boolean isLeaf() {
        return node == null;
    }

    /** Name of the op that produced this tensor (e.g. {@code "MmBackward"}), or {@code null} for a leaf. */
    public String gradFn() {
        return node == null ? null : node.name;
    }

    /** The accumulated gradient of a leaf, or {@code null} before any backward reached it. */
    public Tensor grad() {
        return grad;
    }

    float[] leafGradData() {
        if (grad == null) {
            grad = zeros(shape);
        }
        return grad.data;
    }

    /** Sets the gradient of this tensor to zero (keeping its buffer, so steady-state training allocates nothing). */
    public void zeroGrad() {
        if (grad != null) {
            // version first: the fill's masked vector stores can cover the header of an object allocated right
            // after the array, and a load from there stalled until they retired (1.7 % of the seed's raw-tensor loop)
            grad.markModified();
            Arrays.fill(grad.data, 0f);
        }
    }

    /** Drops the gradient buffer ({@code tensor.grad = None}). */
    public void clearGrad() {
        grad = null;
    }

    /** Backpropagates from a one-element tensor (usually a loss) into every leaf that requires grad. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward(): grad can be implicitly created only for scalar outputs, "
                    + "but this tensor has shape " + Shapes.str(shape)
                    + "; pass a gradient of the same shape: backward(gradient)");
        }
        backwardFrom(ONE, false);
    }

    private static final float[] ONE = {1f}; // the implicit seed of backward(); only ever read

    /** Backpropagates {@code gradient} (the same shape as this tensor) and frees the graph. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backpropagates {@code gradient}; with {@code retainGraph} the graph can be traversed again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (gradient == null) {
            throw new IllegalArgumentException("backward: gradient is null; call backward() on a scalar, or pass a "
                    + "gradient of shape " + Shapes.str(shape));
        }
        if (requiresGrad && !Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradient.shape)
                    + " does not match tensor shape " + Shapes.str(shape));
        }
        backwardFrom(gradient.data, retainGraph);
    }

    private void backwardFrom(float[] seed, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad and has no grad_fn; "
                    + "call requiresGrad(true) on the leaves you want gradients for before the forward pass");
        }
        Autograd.backward(this, seed, retainGraph);
    }

    /** A tensor sharing this one's values but without history or grad (PyTorch's {@code detach()}). */
    public Tensor detach() {
        return new Tensor(data, shape, this, null);
    }

    /** Like PyTorch's {@code .data}: the values as a tensor outside the graph; in-place updates on it are allowed. */
    public Tensor data() {
        return detach();
    }

    /** A deep copy without history. */
    public Tensor copy() {
        return wrap(data.clone(), shape);
    }

    // ------------------------------------------------------------------ differentiable ops

    /** Elementwise sum with broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.binary(Elementwise.Op.ADD, this, other);
    }

    public Tensor add(float value) {
        return Elementwise.withScalar(Elementwise.Op.ADD, this, value);
    }

    /** Elementwise difference with broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(Elementwise.Op.SUB, this, other);
    }

    public Tensor sub(float value) {
        return Elementwise.withScalar(Elementwise.Op.SUB, this, value);
    }

    /** Elementwise product with broadcasting. */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(Elementwise.Op.MUL, this, other);
    }

    public Tensor mul(float value) {
        return Elementwise.withScalar(Elementwise.Op.MUL, this, value);
    }

    /** Elementwise quotient with broadcasting. */
    public Tensor div(Tensor other) {
        return Elementwise.binary(Elementwise.Op.DIV, this, other);
    }

    public Tensor div(float value) {
        return Elementwise.withScalar(Elementwise.Op.DIV, this, value);
    }

    public Tensor neg() {
        return Elementwise.neg(this);
    }

    /** Elementwise power with a constant exponent. */
    public Tensor pow(float exponent) {
        return Elementwise.pow(this, exponent);
    }

    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** |x| elementwise; the gradient at 0 is 0, as PyTorch's. */
    public Tensor abs() {
        return MathOps.unary(this, MathOps.ABS, "AbsBackward");
    }

    /** Square root elementwise (NaN below 0, as PyTorch). */
    public Tensor sqrt() {
        return MathOps.unary(this, MathOps.SQRT, "SqrtBackward");
    }

    /**
     * Each value limited to [min, max] (PyTorch's {@code clamp}); the gradient passes where
     * {@code min <= x <= max}. Use {@code Float.NEGATIVE_INFINITY} or {@code Float.POSITIVE_INFINITY} for a one-sided
     * clamp.
     */
    public Tensor clamp(float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " is above max " + max);
        }
        return MathOps.unary(this, MathOps.clamp(min, max), "ClampBackward");
    }

    /** Index of the largest value along {@code dim} (the first of equal ones), as float values; no gradient. */
    public Tensor argmax(int dim) {
        return argmax(dim, false);
    }

    /** {@link #argmax(int)}, keeping {@code dim} with size 1 when {@code keepDim}. */
    public Tensor argmax(int dim, boolean keepDim) {
        return ExtremeOps.index(ExtremeOps.Extreme.MAX, this, dim, keepDim);
    }

    /**
     * The flat (row-major) index of the largest of all values, a 0-D tensor, as PyTorch's {@code argmax()} without a
     * dim; the first of equal values, a NaN before any number. Not differentiable.
     */
    public Tensor argmax() {
        return ExtremeOps.index(ExtremeOps.Extreme.MAX, this);
    }

    /** Index along {@code dim} of the smallest value, as {@link #argmax(int)} does for the largest. */
    public Tensor argmin(int dim) {
        return argmin(dim, false);
    }

    /** {@link #argmin(int)}, keeping {@code dim} with size 1 when {@code keepDim}. */
    public Tensor argmin(int dim, boolean keepDim) {
        return ExtremeOps.index(ExtremeOps.Extreme.MIN, this, dim, keepDim);
    }

    /** The flat index of the smallest of all values, as {@link #argmax()} does for the largest. */
    public Tensor argmin() {
        return ExtremeOps.index(ExtremeOps.Extreme.MIN, this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    public Tensor relu() {
        return Elementwise.activation(this, Activation.RELU, 0f, "ReluBackward");
    }

    public Tensor sigmoid() {
        return Elementwise.activation(this, Activation.SIGMOID, 0f, "SigmoidBackward");
    }

    public Tensor tanh() {
        return Elementwise.activation(this, Activation.TANH, 0f, "TanhBackward");
    }

    /** {@code x > 0 ? x : slope * x}; slope must be >= 0. */
    public Tensor leakyRelu(float negativeSlope) {
        if (!(negativeSlope >= 0f)) {
            throw new IllegalArgumentException("leakyRelu: negative slope must be >= 0, got " + negativeSlope);
        }
        return Elementwise.activation(this, Activation.LEAKY_RELU, negativeSlope, "LeakyReluBackward");
    }

    /** GELU with the error function, {@code x·Φ(x)}: PyTorch's default {@code F.gelu(x)}. */
    public Tensor gelu() {
        return gelu("none");
    }

    /**
     * GELU as PyTorch's {@code F.gelu(x, approximate=...)}: {@code "none"} for {@code x·Φ(x)}, {@code "tanh"} for
     * the tanh approximation.
     */
    public Tensor gelu(String approximate) {
        return Elementwise.activation(this, Activation.gelu(approximate), 0f, "GeluBackward");
    }

    /** SiLU (swish), {@code x·sigmoid(x)}: PyTorch's {@code F.silu(x)}. */
    public Tensor silu() {
        return Elementwise.activation(this, Activation.SILU, 0f, "SiluBackward");
    }

    /** ELU with PyTorch's default {@code alpha = 1}: {@code x > 0 ? x : exp(x) - 1}. */
    public Tensor elu() {
        return elu(1f);
    }

    /** {@code x > 0 ? x : alpha·(exp(x) - 1)}, PyTorch's {@code F.elu(x, alpha)}; alpha must be finite and >= 0. */
    public Tensor elu(float alpha) {
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) { // the kernels read the derivative from the output
            throw new IllegalArgumentException("elu: alpha must be a finite number >= 0, got " + alpha);
        }
        return Elementwise.activation(this, Activation.ELU, alpha, "EluBackward");
    }

    /**
     * Matrix product as {@code torch.matmul}. Two 1-D operands give their dot product (0-D); a 1-D operand is
     * otherwise read as one row {@code [1, K]} (on the left) or one column {@code [K, 1]} (on the right), and that
     * dimension is dropped from the result: {@code [2, 3]·[3]} is {@code [2]}, {@code [3]·[3, 4]} is {@code [4]}.
     * Dimensions before the last two are batch dimensions, broadcast as NumPy does: {@code [2, 5, 4]·[4, 3]} is
     * {@code [2, 5, 3]}, {@code [1, 5, 4]·[3, 4, 2]} is {@code [3, 5, 2]}; the gradient of an operand broadcast over
     * batches is the sum over them. Refused: a 0-D operand, inner sizes that differ, batch dimensions that do not
     * broadcast.
     */
    public Tensor matmul(Tensor other) {
        return MatmulOps.matmul(this, other);
    }

    /** Product of two 2-D tensors only, as {@code torch.mm} (see {@link #matmul} for 1-D and batched operands). */
    public Tensor mm(Tensor other) {
        return MatmulOps.mm(this, other);
    }

    /**
     * Batched product of two 3-D tensors {@code [B, M, K]·[B, K, N] = [B, M, N]} with the same batch size B, as
     * {@code torch.bmm} (no broadcasting: see {@link #matmul}).
     */
    public Tensor bmm(Tensor other) {
        return MatmulOps.bmm(this, other);
    }

    /** Transpose of a 2-D tensor; a 0-D or 1-D tensor comes back as it is (a copy), as from PyTorch's {@code t()}. */
    public Tensor transpose() {
        return MatrixOps.transpose(this);
    }

    /**
     * {@code length} entries of dimension {@code dim} from {@code start} (PyTorch's {@code narrow}; a copy); a negative
     * start counts from the end, {@code x.narrow(0, -2, 2)} being the last two rows.
     */
    public Tensor narrow(int dim, int start, int length) {
        return ShapeOps.narrow(this, dim, start, length);
    }

    /** Consecutive pieces of {@code size} entries along {@code dim}, the last shorter if need be ({@code torch.split}). */
    public List<Tensor> split(int size, int dim) {
        return ShapeOps.split(this, size, dim);
    }

    /** A size-1 dimension inserted at {@code dim} (PyTorch's {@code unsqueeze}; a copy, not a view). */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /** Every size-1 dimension removed (a copy). */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }

    /** Dimension {@code dim} removed if its size is 1, else the same shape (a copy), as PyTorch. */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** The tensors joined along {@code dim}; the other dimensions must agree (PyTorch's {@code torch.cat}). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return ShapeOps.cat(tensors, dim);
    }

    /** Tensors of one shape joined along a new dimension {@code dim} (PyTorch's {@code torch.stack}). */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ShapeOps.stack(tensors, dim);
    }

    /** Alias of {@link #transpose()}. */
    public Tensor t() {
        return transpose();
    }

    /** The same values in a new shape with the same number of elements; one dimension may be -1. */
    public Tensor reshape(int... newShape) {
        return MatrixOps.reshape(this, newShape);
    }

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    /** Sum along one dimension. */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /** Sum along one dimension, keeping it with size 1 when {@code keepDim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sumDim(this, dim, keepDim);
    }

    /** Mean of all elements, as a 0-d tensor. */
    public Tensor mean() {
        return sum().div(data.length);
    }

    /** Mean along one dimension. */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    public Tensor mean(int dim, boolean keepDim) {
        Tensor sum = sum(dim, keepDim); // checks dim; a 0-d tensor's dimension 0 or -1 holds its one value
        return sum.div(shape.length == 0 ? 1 : size(dim));
    }

    // ------------------------------------------------------------------ largest and smallest

    /**
     * The largest value along {@code dim} (PyTorch's {@code x.max(dim).values}; {@link #argmax(int)} gives the
     * indices). A NaN propagates; the gradient goes to the one element argmax names, the first of equal ones, as
     * PyTorch routes it to the index it returns.
     */
    public Tensor max(int dim) {
        return max(dim, false);
    }

    /** {@link #max(int)}, keeping {@code dim} with size 1 when {@code keepDim}. */
    public Tensor max(int dim, boolean keepDim) {
        return ExtremeOps.along(ExtremeOps.Extreme.MAX, this, dim, keepDim);
    }

    /** The smallest value along {@code dim}; as {@link #max(int)}, the gradient to the first of equal ones. */
    public Tensor min(int dim) {
        return min(dim, false);
    }

    /** {@link #min(int)}, keeping {@code dim} with size 1 when {@code keepDim}. */
    public Tensor min(int dim, boolean keepDim) {
        return ExtremeOps.along(ExtremeOps.Extreme.MIN, this, dim, keepDim);
    }

    /** The largest element, as a 0-d tensor; the gradient is shared evenly by all elements equal to it (PyTorch). */
    public Tensor max() {
        return ExtremeOps.all(ExtremeOps.Extreme.MAX, this);
    }

    /** The smallest element, as a 0-d tensor; the gradient is shared evenly by all elements equal to it. */
    public Tensor min() {
        return ExtremeOps.all(ExtremeOps.Extreme.MIN, this);
    }

    // ------------------------------------------------------------------ indexing

    /**
     * Entries {@code indices} of dimension {@code dim}, in that order, repeats allowed (PyTorch's
     * {@code index_select}): e.g. a shuffled mini-batch of rows, {@code x.indexSelect(0, idx)}. The gradient of a
     * repeated entry is the sum over its copies.
     */
    public Tensor indexSelect(int dim, int... indices) {
        return IndexOps.indexSelect(this, dim, indices.clone());
    }

    /** {@link #indexSelect(int, int...)} with the indices in a 0-D or 1-D tensor of whole numbers. */
    public Tensor indexSelect(int dim, Tensor indices) {
        return IndexOps.indexSelect(this, dim, IndexOps.indexVector(indices));
    }

    /**
     * PyTorch's {@code gather}: the result has the index's shape, each element read from this tensor at its own
     * position with the coordinate along {@code dim} replaced by the index's value, e.g. each row's target-class
     * score {@code logProbs.gather(1, target.unsqueeze(1))}. The index is a tensor of whole numbers with this
     * tensor's rank and, apart from {@code dim}, no larger dimension. Gradients of repeated picks add up.
     */
    public Tensor gather(int dim, Tensor index) {
        return IndexOps.gather(this, dim, index);
    }

    // ------------------------------------------------------------------ comparisons and masks

    /**
     * 1 where this equals {@code other} (broadcast), 0 elsewhere, e.g. accuracy as
     * {@code out.argmax(1).eq(y).mean()}. PyTorch returns a bool tensor; Lanes has only float tensors. No gradient.
     */
    public Tensor eq(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.EQ, this, other);
    }

    public Tensor eq(float value) {
        return CompareOps.compare(CompareOps.Comparison.EQ, this, value);
    }

    /** 1 where this differs from {@code other} (NaN differs from everything), 0 elsewhere; see {@link #eq}. */
    public Tensor ne(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.NE, this, other);
    }

    public Tensor ne(float value) {
        return CompareOps.compare(CompareOps.Comparison.NE, this, value);
    }

    /** 1 where this {@code >} other, 0 elsewhere; see {@link #eq}. */
    public Tensor gt(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.GT, this, other);
    }

    public Tensor gt(float value) {
        return CompareOps.compare(CompareOps.Comparison.GT, this, value);
    }

    /** 1 where this {@code >=} other, 0 elsewhere; see {@link #eq}. */
    public Tensor ge(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.GE, this, other);
    }

    public Tensor ge(float value) {
        return CompareOps.compare(CompareOps.Comparison.GE, this, value);
    }

    /** 1 where this {@code <} other, 0 elsewhere; see {@link #eq}. */
    public Tensor lt(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.LT, this, other);
    }

    public Tensor lt(float value) {
        return CompareOps.compare(CompareOps.Comparison.LT, this, value);
    }

    /** 1 where this {@code <=} other, 0 elsewhere; see {@link #eq}. */
    public Tensor le(Tensor other) {
        return CompareOps.compare(CompareOps.Comparison.LE, this, other);
    }

    public Tensor le(float value) {
        return CompareOps.compare(CompareOps.Comparison.LE, this, value);
    }

    /**
     * {@code a} where {@code condition} is 1, {@code b} where it is 0, the three broadcast together (PyTorch's
     * {@code torch.where}); the condition is a mask of 0s and 1s (as {@link #eq} and the other comparisons return;
     * PyTorch takes a bool tensor), and any other value is refused. Gradients flow to the side that was chosen.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return SelectOps.select("where", "WhereBackward", condition, a, b);
    }

    /**
     * {@code value} where {@code mask} (0s and 1s, broadcast with this tensor) is 1, this tensor's values elsewhere
     * (PyTorch's {@code masked_fill}); the gradient flows where the values were kept.
     */
    public Tensor maskedFill(Tensor mask, float value) {
        return SelectOps.select("maskedFill", "MaskedFillBackward", mask, scalar(value), this);
    }

    // ------------------------------------------------------------------ in-place updates

    /** this -= other (broadcast to this shape). Not allowed on a leaf that requires grad unless in no-grad mode. */
    public Tensor subInPlace(Tensor other) {
        return Elementwise.inPlace(Elementwise.Op.SUB, this, other, "subInPlace");
    }

    public Tensor subInPlace(float value) {
        return Elementwise.inPlaceScalar(Elementwise.Op.SUB, this, value, "subInPlace");
    }

    public Tensor addInPlace(Tensor other) {
        return Elementwise.inPlace(Elementwise.Op.ADD, this, other, "addInPlace");
    }

    public Tensor addInPlace(float value) {
        return Elementwise.inPlaceScalar(Elementwise.Op.ADD, this, value, "addInPlace");
    }

    public Tensor mulInPlace(Tensor other) {
        return Elementwise.inPlace(Elementwise.Op.MUL, this, other, "mulInPlace");
    }

    public Tensor mulInPlace(float value) {
        return Elementwise.inPlaceScalar(Elementwise.Op.MUL, this, value, "mulInPlace");
    }

    public Tensor divInPlace(Tensor other) {
        return Elementwise.inPlace(Elementwise.Op.DIV, this, other, "divInPlace");
    }

    public Tensor divInPlace(float value) {
        return Elementwise.inPlaceScalar(Elementwise.Op.DIV, this, value, "divInPlace");
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(float value) {
        Elementwise.checkInPlaceAllowed(this, "fillInPlace");
        Arrays.fill(data, value);
        markModified();
        return this;
    }

    /** Copies the values of {@code source} (same shape) into this tensor. */
    public Tensor copyInPlace(Tensor source) {
        Elementwise.checkInPlaceAllowed(this, source, "copyInPlace");
        if (!Arrays.equals(source.shape, shape)) {
            throw new IllegalArgumentException("copyInPlace: source shape " + Shapes.str(source.shape)
                    + " does not match " + Shapes.str(shape));
        }
        System.arraycopy(source.data, 0, data, 0, data.length);
        markModified();
        return this;
    }

    // ------------------------------------------------------------------ printing

    /** PyTorch-like printout, e.g. {@code tensor([[1.0000, 2.5000]], requires_grad=True)}. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
