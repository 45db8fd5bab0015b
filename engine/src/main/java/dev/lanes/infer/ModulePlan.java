package dev.lanes.infer;

import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.Module;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Arrays;

/**
 * Runs a module's own {@code forward} with graph recording off. Thread-safe because grad mode is per thread, a
 * forward pass in eval mode only reads the parameters, and the kernels keep their scratch space per thread. Each
 * call allocates its tensors.
 */
final class ModulePlan implements Plan {

    private final Module module;
    private final int inputWidth;
    private final int outputWidth;

    ModulePlan(Module module, int inputWidth, int outputWidth) {
        this.module = module;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
    }

    @Override
    public void run(float[] x, int batch, float[] y) {
        int n = batch * inputWidth;
        Tensor out = forward(module, x.length == n ? x : Arrays.copyOf(x, n), batch, inputWidth);
        if (out.numel() != batch * outputWidth) {
            throw new IllegalStateException("the model gave " + out.numel() + " outputs for " + batch + " rows, not "
                    + batch * outputWidth + " (" + outputWidth + " per row)");
        }
        System.arraycopy(out.storage(), 0, y, 0, batch * outputWidth);
    }

    /** The module's output for {@code rows} rows of {@code width} values, recording no graph. */
    static Tensor forward(Module module, float[] x, int rows, int width) {
        try (var scope = GradMode.noGrad()) {
            return module.forward(Tensor.of(x, rows, width));
        }
    }

    /**
     * The number of values per row the module gives for rows of {@code width}, found with rows of zeros: one, or as
     * many as its batch-dependent layers need (a BatchNorm without running statistics normalises by the batch).
     */
    static int outputWidth(Module module, int width) {
        int rows = BatchDependent.minimumBatchRows(module);
        return forward(module, new float[rows * width], rows, width).numel() / rows;
    }
}
