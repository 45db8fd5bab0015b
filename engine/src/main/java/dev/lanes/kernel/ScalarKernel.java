package dev.lanes.kernel;

/** Plain-Java reference implementation of {@link Kernel}: simple loops, the oracle for the vector path. */
public final class ScalarKernel implements Kernel {

    /**
     * The vector sum adds blocks of this many floats in its lanes and the block sums in double, as PyTorch's cascade
     * summation keeps long sums accurate: a float running sum of a million 0.1s is off by 0.02 % (10 million: 0.3 %).
     * Sums over a tensor dimension longer than this accumulate in double; row sums ({@link #sumRows}, the bias
     * gradient of {@link #linearBackward}) over more rows than this carry short blocks' sums in double
     * ({@link BlockedRowSums}).
     */
    public static final int SUM_BLOCK = 1024;

    /** The reference kernel; {@link Kernels#scalar()} holds a shared one. */
    public ScalarKernel() {
    }

    @Override
    public String description() {
        return "scalar";
    }

    /**
     * Rows of C shorter than this go through {@link #shortRows} (up to {@link NarrowProducts#MAX_COLS} wide through
     * {@link NarrowProducts}): the row-by-row loops would enter m·k inner loops of n, and C2 pays a fixed cost per
     * entry (10x2 by 2x2: 80 against 44 ns).
     */
    private static final int SHORT_ROW = 8;

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                       boolean accumulate) {
        KernelArgs.gemm("matmul", a, aOff, b, bOff, c, cOff, m, k, n);
        if (n <= NarrowProducts.MAX_COLS) {
            NarrowProducts.multiply(a, aOff, k, 1, b, bOff, n, 1, c, cOff, m, k, n, accumulate);
            return;
        }
        if (n < SHORT_ROW) {
            shortRows(a, aOff, k, 1, b, bOff, c, cOff, m, k, n, accumulate);
            return;
        }
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * k + p];
                int bRow = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                             boolean accumulate) {
        // one dot product per element: measured fastest here too
        KernelArgs.gemm("matmulTransB", a, aOff, b, bOff, c, cOff, m, k, n);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bRow = bOff + j * k;
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc += a[aRow + p] * b[bRow + p];
                }
                int o = cOff + i * n + j;
                c[o] = accumulate ? c[o] + acc : acc;
            }
        }
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                             boolean accumulate) {
        KernelArgs.gemm("matmulTransA", a, aOff, b, bOff, c, cOff, m, k, n);
        if (n <= NarrowProducts.MAX_COLS) {
            NarrowProducts.multiply(a, aOff, 1, m, b, bOff, n, 1, c, cOff, m, k, n, accumulate);
            return;
        }
        if (n < SHORT_ROW) {
            shortRows(a, aOff, 1, m, b, bOff, c, cOff, m, k, n, accumulate);
            return;
        }
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int p = 0; p < k; p++) {
            int aRow = aOff + p * m;
            int bRow = bOff + p * n;
            for (int i = 0; i < m; i++) {
                float api = a[aRow + i];
                int cRow = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += api * b[bRow + j];
                }
            }
        }
    }

    /**
     * C[m, n] (+)= A[m, k] · B[k, n] for row-major B and C, A(i, p) = a[aOff + i*ars + p*acs]: one flat pass over all
     * of C per step of K, so the products are added in order of p, as the row-by-row loops add them.
     */
    private static void shortRows(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                                  int m, int k, int n, boolean accumulate) {
        int total = m * n;
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + total, 0f);
        }
        for (int p = 0; p < k; p++) {
            int ap = aOff + p * acs;
            int bp = bOff + p * n;
            for (int o = cOff, end = cOff + total, i = 0, j = 0; o < end; o++) {
                c[o] += a[ap + i * ars] * b[bp + j];
                if (++j == n) {
                    j = 0;
                    i++;
                }
            }
        }
    }

    @Override
    public void linearForward(float[] x, float[] w, float[] bias, Activation act, float alpha,
                              float[] y, float[] preAct, int batch, int in, int out) {
        KernelArgs.linearForward(x, w, bias, act, y, preAct, batch, in, out);
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                float z = bias == null ? 0f : bias[j];
                for (int p = 0; p < in; p++) {
                    z += x[r * in + p] * w[j * in + p];
                }
                if (preAct != null) {
                    preAct[r * out + j] = z;
                }
                y[r * out + j] = act.apply(z, alpha);
            }
        }
    }

    @Override
    public void linearBackward(float[] x, float[] w, float[] y, float[] preAct, Activation act, float alpha,
                               float[] dY, float[] dZ, float[] dX, float[] dW, float[] dBias,
                               int batch, int in, int out) {
        KernelArgs.linearBackward(x, w, y, preAct, act, dY, dZ, dX, dW, dBias, batch, in, out);
        for (int i = 0; i < batch * out; i++) {
            float z = preAct == null ? 0f : preAct[i];
            dZ[i] = dY[i] * act.derivative(z, y[i], alpha);
        }
        if (dBias != null) {
            sumRows(dZ, dBias, batch, out);
        }
        if (dX != null) {
            matmul(dZ, w, dX, batch, out, in, false);
        }
        matmulTransA(dZ, x, dW, out, batch, in, true);
    }

    @Override
    public void activationForward(Activation act, float alpha, float[] x, float[] y, int n) {
        KernelArgs.activationForward(act, x, y, n);
        for (int i = 0; i < n; i++) {
            y[i] = act.apply(x[i], alpha);
        }
    }

    @Override
    public void activationBackward(Activation act, float alpha, float[] x, float[] y, float[] dy, float[] dx, int n) {
        KernelArgs.activationBackward(act, x, y, dy, dx, n);
        for (int i = 0; i < n; i++) {
            dx[i] += dy[i] * act.derivative(x == null ? 0f : x[i], y[i], alpha);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        KernelArgs.count("axpy", n);
        KernelArgs.length("axpy", "x", x, n);
        KernelArgs.length("axpy", "y", y, n);
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public int firstNonFinite(float[] x, int n) {
        KernelArgs.count("firstNonFinite", n);
        KernelArgs.length("firstNonFinite", "input", x, n);
        return firstNonFiniteFrom(x, 0, n);
    }

    /** The first index in [from, n) whose value is NaN or infinite, or -1. */
    public static int firstNonFiniteFrom(float[] x, int from, int n) {
        for (int i = from; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public float sum(float[] x, int n) {
        KernelArgs.count("sum", n);
        KernelArgs.length("sum", "input", x, n);
        double total = 0; // one add per element either way; double keeps a long sum exact to float precision
        for (int i = 0; i < n; i++) {
            total += x[i];
        }
        return (float) total;
    }

    @Override
    public void sumRows(float[] x, float[] out, int rows, int cols) {
        KernelArgs.sumRows(x, out, rows, cols);
        BlockedRowSums.add(x, rows, cols, out, ScalarKernel::addRows);
    }

    /** dst[j] += Σ_r x[off + r*cols + j], the rows added one after the other in float. */
    private static void addRows(float[] x, int off, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                dst[j] += x[off + r * cols + j];
            }
        }
    }

    @Override
    public void layerNormForward(float[] x, float[] weight, float[] bias, float eps, float[] y, double[] mean,
                                 double[] rstd, int rows, int cols) {
        NormArgs.layerNormForward(x, weight, bias, y, mean, rstd, rows, cols);
        ScalarNorms.layerNormForward(x, weight, bias, eps, y, mean, rstd, rows, cols);
    }

    @Override
    public void layerNormBackward(float[] g, float[] x, float[] weight, double[] mean, double[] rstd, float[] gx,
                                  double[] weightSums, double[] biasSums, int rows, int cols) {
        NormArgs.layerNormBackward(g, x, weight, mean, rstd, gx, weightSums, biasSums, rows, cols);
        ScalarNorms.layerNormBackward(g, x, weight, mean, rstd, gx, weightSums, biasSums, rows, cols);
    }

    @Override
    public void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols) {
        NormArgs.columnMoments(x, mean, variance, rows, cols);
        ScalarNorms.columnMoments(x, mean, variance, rows, cols, 0, cols);
    }

    @Override
    public void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y, int rows,
                                 int cols) {
        NormArgs.normalizeColumns(x, mean, scale, shift, y, rows, cols);
        ScalarNorms.normalizeColumns(x, mean, scale, shift, y, rows, cols, 0, cols);
    }

    @Override
    public void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG,
                                   double[] sumGx, int rows, int cols) {
        NormArgs.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, cols);
        ScalarNorms.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, cols, 0, cols);
    }

    @Override
    public void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale,
                                    double[] meanG, double[] meanGx, float[] gx, int rows, int cols) {
        NormArgs.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, cols);
        ScalarNorms.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, cols, 0, cols);
    }

    @Override
    public void sgdStep(float[] param, float[] grad, float[] momentumBuffer, int n, float lr, float momentum,
                        float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        KernelArgs.optimizer("sgdStep", param, grad, n);
        KernelArgs.optional("sgdStep", "momentum_buffer", momentumBuffer, n);
        sgdRange(param, grad, momentumBuffer, 0, n, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    /** {@link #sgdStep} on elements [from, to) only: the vector kernel's tail. */
    public static void sgdRange(float[] param, float[] grad, float[] momentumBuffer, int from, int to, float lr,
                                float momentum, float dampening, float weightDecay, boolean nesterov,
                                boolean firstStep) {
        for (int i = from; i < to; i++) {
            float g = grad[i] + weightDecay * param[i];
            if (momentumBuffer != null) {
                float buf = firstStep ? g : momentum * momentumBuffer[i] + (1f - dampening) * g;
                momentumBuffer[i] = buf;
                g = nesterov ? g + momentum * buf : buf;
            }
            param[i] -= lr * g;
        }
    }

    @Override
    public void adamStep(float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int n,
                         float lr, float beta1, float beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay, long step) {
        KernelArgs.optimizer("adamStep", param, grad, n);
        KernelArgs.length("adamStep", "exp_avg", expAvg, n);
        KernelArgs.length("adamStep", "exp_avg_sq", expAvgSq, n);
        KernelArgs.optional("adamStep", "max_exp_avg_sq", maxExpAvgSq, n);
        adamRange(param, grad, expAvg, expAvgSq, maxExpAvgSq, 0, n, lr, beta1, beta2, eps, weightDecay,
                decoupledWeightDecay, adamStepSize(lr, beta1, step), adamBiasCorrection2Sqrt(beta2, step));
    }

    /** Adam's lr / (1 - beta1^step). */
    public static float adamStepSize(float lr, float beta1, long step) {
        return lr / (1f - (float) Math.pow(beta1, step));
    }

    /** Adam's sqrt(1 - beta2^step). */
    public static float adamBiasCorrection2Sqrt(float beta2, long step) {
        return (float) Math.sqrt(1.0 - Math.pow(beta2, step));
    }

    /** {@link #adamStep} on elements [from, to) only, with the bias corrections precomputed: the vector tail. */
    public static void adamRange(float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq,
                                 int from, int to, float lr, float beta1, float beta2, float eps, float weightDecay,
                                 boolean decoupledWeightDecay, float stepSize, float biasCorrection2Sqrt) {
        for (int i = from; i < to; i++) {
            float g = grad[i];
            if (decoupledWeightDecay) {
                param[i] *= 1f - lr * weightDecay;
            } else {
                g += weightDecay * param[i];
            }
            float m = expAvg[i] = beta1 * expAvg[i] + (1f - beta1) * g;
            float v = expAvgSq[i] = beta2 * expAvgSq[i] + (1f - beta2) * g * g;
            if (maxExpAvgSq != null) {
                v = maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], v);
            }
            float denom = (float) Math.sqrt(v) / biasCorrection2Sqrt + eps;
            param[i] -= stepSize * m / denom;
        }
    }
}
