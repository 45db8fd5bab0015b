package dev.lanes.kernel;

/**
 * The dense math of Lanes on flat row-major {@code float[]} arrays. Two implementations: {@link ScalarKernel}
 * (plain Java, the reference) and a Vector API one; {@link Kernels#get()} picks one at start-up.
 *
 * <p>Shapes use B (batch rows), K (in-features), N (out-features). Weights are in PyTorch's {@code [N, K]}
 * layout. Every array starts at index 0 and must be at least as long as its shape says, except the GEMMs' offset
 * overloads, whose operands start at the given offsets (one matrix of a batch, in place); implementations check
 * that on entry ({@link KernelArgs}, constant time) and throw {@link IllegalArgumentException} naming the op.
 */
public interface Kernel {

    /** Human-readable description of the active path, e.g. {@code "vector (512-bit, 16 float lanes)"}. */
    String description();

    // ---- GEMM in the three forms autograd needs. accumulate=false overwrites C, true adds into it. ----
    // Each form takes offsets: A's elements start at a[aOff], B's at b[bOff], C's at c[cOff], and nothing of C
    // outside its m·n elements is written. The forms without offsets are the same call with all three 0.

    /** C[M,N] (+)= A[M,K] · B[K,N]. */
    default void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        matmul(a, 0, b, 0, c, 0, m, k, n, accumulate);
    }

    /** C[M,N] (+)= A[M,K] · B[K,N], the operands starting at the given offsets. */
    void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                boolean accumulate);

    /** C[M,N] (+)= A[M,K] · B[N,K]ᵀ. */
    default void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        matmulTransB(a, 0, b, 0, c, 0, m, k, n, accumulate);
    }

    /** C[M,N] (+)= A[M,K] · B[N,K]ᵀ, the operands starting at the given offsets. */
    void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                      boolean accumulate);

    /** C[M,N] (+)= A[K,M]ᵀ · B[K,N]. */
    default void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        matmulTransA(a, 0, b, 0, c, 0, m, k, n, accumulate);
    }

    /** C[M,N] (+)= A[K,M]ᵀ · B[K,N], the operands starting at the given offsets. */
    void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                      boolean accumulate);

    // ---- Fused dense layer ----

    /**
     * Y[B,N] = act(X[B,K] · W[N,K]ᵀ + b[N]) in one pass over each output tile.
     *
     * @param bias      {@code null} for a layer without bias
     * @param preAct    receives Z = X·Wᵀ + b when {@code act.needsPreActivation()}; may be {@code null} otherwise
     * @param alpha     negative slope for {@link Activation#LEAKY_RELU}, saturation for {@link Activation#ELU}
     */
    void linearForward(float[] x, float[] w, float[] bias, Activation act, float alpha,
                       float[] y, float[] preAct, int batch, int in, int out);

    /**
     * Backward of {@link #linearForward}: dZ = dY ⊙ act'(Z, Y) (written to {@code dZ}, a [B,N] workspace),
     * dB += Σ_rows dZ, dX = dZ·W (overwritten), dW += dZᵀ·X.
     *
     * @param dX    {@code null} when the input needs no gradient
     * @param dBias {@code null} for a layer without bias
     */
    void linearBackward(float[] x, float[] w, float[] y, float[] preAct, Activation act, float alpha,
                        float[] dY, float[] dZ, float[] dX, float[] dW, float[] dBias,
                        int batch, int in, int out);

    /**
     * Prepares {@code w[out, in]} and {@code bias[out]} for repeated inference calls of
     * {@link #linearForward(float[], PackedLinear, Activation, float, float[], float[], int)}. The arrays are copied:
     * later changes to them are not seen. Kernels with no layout of their own keep just the copies.
     *
     * @param bias {@code null} for a layer without bias
     */
    default PackedLinear packLinear(float[] w, float[] bias, int in, int out) {
        return new PackedLinear(w, bias, in, out);
    }

    /**
     * {@link #linearForward(float[], float[], float[], Activation, float, float[], float[], int, int, int)} on
     * weights prepared by {@link #packLinear}: the same numbers, without re-packing the weights on each call.
     */
    default void linearForward(float[] x, PackedLinear layer, Activation act, float alpha, float[] y, float[] preAct,
                               int batch) {
        linearForward(x, layer.weight(), layer.bias(), act, alpha, y, preAct, batch, layer.in(), layer.out());
    }

    // ---- Elementwise ----

    /** y[i] = act(x[i]) for i in [0, n). {@code y} may be {@code x}. */
    void activationForward(Activation act, float alpha, float[] x, float[] y, int n);

    /** dx[i] += dy[i] · act'(x[i], y[i]) for i in [0, n); {@code x} may be {@code null} unless the activation needs it. */
    void activationBackward(Activation act, float alpha, float[] x, float[] y, float[] dy, float[] dx, int n);

    /** y[i] += alpha · x[i] for i in [0, n). */
    void axpy(float alpha, float[] x, float[] y, int n);

    /** Σ x[i] for i in [0, n). The order of additions is unspecified. */
    float sum(float[] x, int n);

    /**
     * The index of the first NaN or infinite value among x[0, n), or -1 when all are finite: the input check of
     * inference, so that it costs a fraction of the forward pass it guards.
     */
    int firstNonFinite(float[] x, int n);

    /**
     * out[j] += Σ_rows x[r, j] for an [rows, cols] matrix; over more than {@link ScalarKernel#SUM_BLOCK} rows, each
     * block's sums are added in double (as the bias gradient of {@link #linearBackward} is), so long batches stay
     * accurate.
     */
    void sumRows(float[] x, float[] out, int rows, int cols);

    // ---- Normalisation (LayerNorm, BatchNorm1d): statistics summed in double, in any order ----

    /**
     * LayerNorm's forward over the rows of x[rows, cols]: mean[r] = Σ_j x[r, j] / cols, rstd[r] = 1 / √(var + eps)
     * with var = Σ_j (x[r, j] - mean[r])² / cols (biased; two passes, so no digits cancel as in E[x²] - mean²), and
     * y[r, j] = (x[r, j] - mean[r])·rstd[r]·weight[j] + bias[j]. The sums are in double, so a row far from zero
     * with a small spread (mean 1000, spread 0.01) keeps its statistics to double precision. y is the double value
     * rounded once ({@link ScalarKernel}) or within a few float roundings of it, relative to |x̂·weight| + |bias|
     * (vector kernels may work the distance x - mean in float as x - hi - lo, hi + lo the mean to 48 bits).
     *
     * @param weight {@code null} for 1
     * @param bias   {@code null} for 0
     */
    void layerNormForward(float[] x, float[] weight, float[] bias, float eps, float[] y, double[] mean,
                          double[] rstd, int rows, int cols);

    /**
     * LayerNorm's backward from the forward's mean and rstd: with x̂ = (x - mean)·rstd and dx̂ = g·weight,
     * gx[r, j] += rstd·(dx̂ - mean_j(dx̂) - x̂·mean_j(dx̂·x̂)), weightSums[j] += Σ_r g·x̂ and biasSums[j] += Σ_r g.
     * The sums are in double; gx is within a few float roundings of the double value, relative to
     * rstd·(|dx̂| + |mean_j(dx̂)| + |x̂·mean_j(dx̂·x̂)|).
     *
     * @param weight     {@code null} for 1
     * @param gx         {@code null} when the input needs no gradient
     * @param weightSums {@code null} when there is no weight; likewise biasSums
     */
    void layerNormBackward(float[] g, float[] x, float[] weight, double[] mean, double[] rstd, float[] gx,
                           double[] weightSums, double[] biasSums, int rows, int cols);

    /**
     * BatchNorm's statistics over the columns of x[rows, cols]: mean[j] = Σ_r x[r, j] / rows and variance[j] =
     * Σ_r (x[r, j] - mean[j])² / rows (biased, two passes), summed in double.
     */
    void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols);

    /** y[r, j] = (x[r, j] - mean[j])·scale[j] + shift[j], worked in double and rounded once. */
    void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y, int rows, int cols);

    /**
     * BatchNorm's gradient sums: sumG[j] = Σ_r g[r, j] and sumGx[j] = Σ_r g[r, j]·x̂[r, j] with
     * x̂ = (x - mean[j])·invStd[j], summed in double.
     */
    void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG, double[] sumGx,
                            int rows, int cols);

    /**
     * BatchNorm's input gradient: gx[r, j] += scale[j]·(g[r, j] - meanG[j] - x̂[r, j]·meanGx[j]) with
     * x̂ = (x - mean[j])·invStd[j], worked in double and rounded once.
     */
    void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale, double[] meanG,
                             double[] meanGx, float[] gx, int rows, int cols);

    // ---- Optimizer updates, PyTorch's formulas (torch.optim.SGD and Adam/AdamW) ----

    /**
     * One SGD step on n parameters. {@code momentumBuffer} is {@code null} when momentum is 0;
     * {@code firstStep} says the buffer is new (PyTorch then copies the gradient into it, ignoring dampening).
     */
    void sgdStep(float[] param, float[] grad, float[] momentumBuffer, int n, float lr, float momentum,
                 float dampening, float weightDecay, boolean nesterov, boolean firstStep);

    /**
     * One Adam step on n parameters; {@code step} counts from 1. {@code decoupledWeightDecay} selects AdamW.
     * {@code maxExpAvgSq} is {@code null} unless amsgrad is on.
     */
    void adamStep(float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int n,
                  float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupledWeightDecay,
                  long step);
}
