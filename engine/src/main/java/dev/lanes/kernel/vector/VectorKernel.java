package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.BlockedRowSums;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.KernelArgs;
import dev.lanes.kernel.NormArgs;
import dev.lanes.kernel.PackedLinear;
import dev.lanes.kernel.ScalarKernel;

/**
 * The Vector API implementation of {@link Kernel}. GEMMs and the fused linear layer run on {@link Gemm}; only
 * the tiniest products stay on plain loops, where packing and tiles would cost more than they save.
 * Loaded reflectively by {@link dev.lanes.kernel.Kernels} only once the incubator module is known to be readable.
 */
public final class VectorKernel implements Kernel {

    /**
     * Products with fewer multiply-adds than this run on the scalar reference loops, where the packed path's fixed
     * costs (packing, edge tiles) outweigh its speed. Measured: a 1x3x10 sigmoid layer 87 ns scalar against 152 ns
     * packed; from 4x6x4 (96) up the packed path ties or wins.
     */
    static final long SMALL_MACS = 64;

    /**
     * Floats of dZ computed before their rows are summed into the bias gradient: 32 KiB, still in L1 (or near) when
     * the sum reads it. Against 512 (the whole pass 15.6 against 12.0 µs at 128x512), fewer and longer loops; against
     * the whole dZ at once (17.9 µs), the sum no longer reads it back from L2.
     */
    static final int GRADIENT_CHUNK = 8192;

    private final ScalarKernel scalar = new ScalarKernel();

    public VectorKernel() {
    }

    @Override
    public String description() {
        return "vector (" + S.vectorBitSize() + "-bit, " + L + " float lanes)";
    }

    /**
     * Dense layers with at most this many rows run on {@link SkinnyLinear} (W read in place) rather than the packed
     * GEMM, whose packing of all of W is then the larger cost.
     */
    static final int SKINNY_ROWS = 4;

    private static boolean small(int m, int k, int n) {
        return (long) m * k * n < SMALL_MACS;
    }

    private static boolean skinny(int batch) {
        return batch <= SKINNY_ROWS;
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                       boolean accumulate) {
        KernelArgs.gemm("matmul", a, aOff, b, bOff, c, cOff, m, k, n);
        if (small(m, k, n)) {
            scalar.matmul(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        } else {
            Gemm.gemm(a, aOff, k, 1, b, bOff, n, 1, c, cOff, n, m, n, k, accumulate, null, 0, null, 0f, null);
        }
    }

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                             boolean accumulate) {
        KernelArgs.gemm("matmulTransB", a, aOff, b, bOff, c, cOff, m, k, n);
        if (small(m, k, n)) {
            scalar.matmulTransB(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        } else {
            Gemm.gemm(a, aOff, k, 1, b, bOff, 1, k, c, cOff, n, m, n, k, accumulate, null, 0, null, 0f, null);
        }
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                             boolean accumulate) {
        KernelArgs.gemm("matmulTransA", a, aOff, b, bOff, c, cOff, m, k, n);
        if (small(m, k, n)) {
            scalar.matmulTransA(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        } else {
            Gemm.gemm(a, aOff, 1, m, b, bOff, n, 1, c, cOff, n, m, n, k, accumulate, null, 0, null, 0f, null);
        }
    }

    @Override
    public void linearForward(float[] x, float[] w, float[] bias, Activation act, float alpha,
                              float[] y, float[] preAct, int batch, int in, int out) {
        KernelArgs.linearForward(x, w, bias, act, y, preAct, batch, in, out);
        if (packsWeights(batch, in, out)) { // X·Wᵀ: W[N,K] read with swapped strides, bias and act fused into tiles
            Gemm.gemm(x, 0, in, 1, w, 0, 1, in, y, 0, out, batch, out, in, false, bias, 0, act, alpha, preAct);
        } else {
            forwardInPlace(x, w, bias, act, alpha, y, preAct, batch, in, out);
        }
    }

    /** Keeps the GEMM panels of W with the copied weights, packed on the first batch large enough to use them. */
    @Override
    public PackedLinear packLinear(float[] w, float[] bias, int in, int out) {
        return new PackedWeights(w, bias, in, out);
    }

    @Override
    public void linearForward(float[] x, PackedLinear layer, Activation act, float alpha, float[] y, float[] preAct,
                              int batch) {
        if (!(layer instanceof PackedWeights p)) { // prepared by another kernel: it still holds the weights
            Kernel.super.linearForward(x, layer, act, alpha, y, preAct, batch);
            return;
        }
        int in = p.in();
        int out = p.out();
        KernelArgs.linearForward(x, p.weights(), p.biases(), act, y, preAct, batch, in, out);
        if (packsWeights(batch, in, out)) {
            Gemm.gemm(x, 0, in, 1, p.panels(), y, 0, out, batch, false, act, alpha, preAct);
        } else {
            forwardInPlace(x, p.weights(), p.biases(), act, alpha, y, preAct, batch, in, out);
        }
    }

    /**
     * Whether a layer of this size runs on the packed GEMM, else on loops that read W where it is: few rows (packing
     * all of W costs more than the product) or fewer outputs than one vector has lanes (a classifier head: the GEMM
     * tile would compute mostly discarded columns; 256x256x10 46 against 36 µs, 64x784x10 40 against 18).
     */
    private static boolean packsWeights(int batch, int in, int out) {
        return !small(batch, in, out) && !TinyLinear.fits(batch, in, out) && !skinny(batch) && out > L;
    }

    private void forwardInPlace(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y,
                                float[] preAct, int batch, int in, int out) {
        if (small(batch, in, out)) {
            scalar.linearForward(x, w, bias, act, alpha, y, preAct, batch, in, out);
        } else if (TinyLinear.fits(batch, in, out)) {
            TinyLinear.forward(x, w, bias, act, alpha, y, preAct, batch, in, out);
        } else if (NarrowLinear.fits(batch, out)) {
            NarrowLinear.forward(x, w, bias, act, alpha, y, preAct, batch, in, out);
        } else {
            SkinnyLinear.forward(x, w, bias, act, alpha, y, preAct, batch, in, out);
        }
    }

    @Override
    public void linearBackward(float[] x, float[] w, float[] y, float[] preAct, Activation act, float alpha,
                               float[] dY, float[] dZ, float[] dX, float[] dW, float[] dBias,
                               int batch, int in, int out) {
        KernelArgs.linearBackward(x, w, y, preAct, act, dY, dZ, dX, dW, dBias, batch, in, out);
        // dZ and the bias gradient in one pass, a few rows at a time so narrow layers still fill whole vectors; over
        // a batch longer than SUM_BLOCK, the bias sums are carried in double (BlockedRowSums).
        int rowsPerChunk = Math.max(1, GRADIENT_CHUNK / Math.max(1, out));
        double[] biasTotals = dBias != null && batch > ScalarKernel.SUM_BLOCK ? BlockedRowSums.open(dBias, out) : null;
        for (int r0 = 0; r0 < batch; r0 += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, batch - r0);
            VectorActivations.gradient(act, alpha, preAct, y, dY, dZ, r0 * out, rows * out, false);
            if (biasTotals != null) {
                BlockedRowSums.addBlocks(dZ, r0 * out, rows, out, dBias, biasTotals, VectorArrays::addRowSums);
            } else if (dBias != null) {
                VectorArrays.addRowSums(dZ, r0 * out, rows, out, dBias);
            }
        }
        if (biasTotals != null) {
            BlockedRowSums.close(biasTotals, dBias, out);
        }
        if (!small(batch, in, out) && TinyLinear.fits(batch, in, out)) {
            TinyLinear.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
            return;
        }
        if (skinny(batch)) {
            SkinnyLinear.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
            return;
        }
        if (dX != null && JointBackward.fits(batch, in, out)) {
            JointBackward.products(dZ, x, w, dX, dW, batch, in, out);
            return;
        }
        if (small(batch, in, out)) { // the scalar loops, as matmul and matmulTransA choose for products this small
            if (dX != null) {
                matmul(dZ, w, dX, batch, out, in, false);
            }
            matmulTransA(dZ, x, dW, out, batch, in, true);
            return;
        }
        Gemm.backwardProducts(dZ, x, w, dX, dW, batch, in, out);
    }

    @Override
    public void activationForward(Activation act, float alpha, float[] x, float[] y, int n) {
        KernelArgs.activationForward(act, x, y, n);
        VectorActivations.forward(act, alpha, x, 0, y, 0, n);
    }

    @Override
    public void activationBackward(Activation act, float alpha, float[] x, float[] y, float[] dy, float[] dx, int n) {
        KernelArgs.activationBackward(act, x, y, dy, dx, n);
        VectorActivations.gradient(act, alpha, x, y, dy, dx, 0, n, true);
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        KernelArgs.count("axpy", n);
        KernelArgs.length("axpy", "x", x, n);
        KernelArgs.length("axpy", "y", y, n);
        VectorArrays.axpy(alpha, x, y, n);
    }

    @Override
    public int firstNonFinite(float[] x, int n) {
        KernelArgs.count("firstNonFinite", n);
        KernelArgs.length("firstNonFinite", "input", x, n);
        int clean = VectorArrays.finitePrefix(x, n);
        return ScalarKernel.firstNonFiniteFrom(x, clean, n);
    }

    @Override
    public float sum(float[] x, int n) {
        KernelArgs.count("sum", n);
        KernelArgs.length("sum", "input", x, n);
        return VectorArrays.sum(x, n);
    }

    @Override
    public void sumRows(float[] x, float[] out, int rows, int cols) {
        KernelArgs.sumRows(x, out, rows, cols);
        BlockedRowSums.add(x, rows, cols, out, VectorArrays::addRowSums);
    }

    @Override
    public void layerNormForward(float[] x, float[] weight, float[] bias, float eps, float[] y, double[] mean,
                                 double[] rstd, int rows, int cols) {
        NormArgs.layerNormForward(x, weight, bias, y, mean, rstd, rows, cols);
        VectorNorms.layerNormForward(x, weight, bias, eps, y, mean, rstd, rows, cols);
    }

    @Override
    public void layerNormBackward(float[] g, float[] x, float[] weight, double[] mean, double[] rstd, float[] gx,
                                  double[] weightSums, double[] biasSums, int rows, int cols) {
        NormArgs.layerNormBackward(g, x, weight, mean, rstd, gx, weightSums, biasSums, rows, cols);
        VectorNorms.layerNormBackward(g, x, weight, mean, rstd, gx, weightSums, biasSums, rows, cols);
    }

    @Override
    public void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols) {
        NormArgs.columnMoments(x, mean, variance, rows, cols);
        VectorColumnNorms.columnMoments(x, mean, variance, rows, cols);
    }

    @Override
    public void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y, int rows,
                                 int cols) {
        NormArgs.normalizeColumns(x, mean, scale, shift, y, rows, cols);
        VectorColumnNorms.normalizeColumns(x, mean, scale, shift, y, rows, cols);
    }

    @Override
    public void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG,
                                   double[] sumGx, int rows, int cols) {
        NormArgs.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, cols);
        VectorColumnNorms.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, cols);
    }

    @Override
    public void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale,
                                    double[] meanG, double[] meanGx, float[] gx, int rows, int cols) {
        NormArgs.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, cols);
        VectorColumnNorms.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, cols);
    }

    @Override
    public void sgdStep(float[] param, float[] grad, float[] momentumBuffer, int n, float lr, float momentum,
                        float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        KernelArgs.optimizer("sgdStep", param, grad, n);
        KernelArgs.optional("sgdStep", "momentum_buffer", momentumBuffer, n);
        int done = VectorOptimizers.sgdBody(param, grad, momentumBuffer, n, lr, momentum, dampening, weightDecay,
                nesterov, firstStep);
        ScalarKernel.sgdRange(param, grad, momentumBuffer, done, n, lr, momentum, dampening, weightDecay,
                nesterov, firstStep);
    }

    @Override
    public void adamStep(float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int n,
                         float lr, float beta1, float beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay, long step) {
        KernelArgs.optimizer("adamStep", param, grad, n);
        KernelArgs.length("adamStep", "exp_avg", expAvg, n);
        KernelArgs.length("adamStep", "exp_avg_sq", expAvgSq, n);
        KernelArgs.optional("adamStep", "max_exp_avg_sq", maxExpAvgSq, n);
        float stepSize = ScalarKernel.adamStepSize(lr, beta1, step);
        float correction2 = ScalarKernel.adamBiasCorrection2Sqrt(beta2, step);
        int done = VectorOptimizers.adamBody(param, grad, expAvg, expAvgSq, maxExpAvgSq, n, lr, beta1, beta2, eps,
                weightDecay, decoupledWeightDecay, stepSize, correction2);
        ScalarKernel.adamRange(param, grad, expAvg, expAvgSq, maxExpAvgSq, done, n, lr, beta1, beta2, eps,
                weightDecay, decoupledWeightDecay, stepSize, correction2);
    }
}
