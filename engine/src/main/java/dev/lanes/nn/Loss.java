package dev.lanes.nn;

import dev.lanes.tensor.Tensor;

/**
 * A loss function, PyTorch's {@code nn._Loss}: {@code forward(input, target)} with a {@link Reduction}.
 * Losses are plugins (see {@code dev.lanes.spi.LossProvider}); this base holds what they share.
 */
public abstract class Loss {

    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code input} against {@code target}, reduced as {@link #reduction()} says. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** Alias of {@link #forward}, as {@code loss_fn(yp, y)} in PyTorch. */
    public final Tensor call(Tensor input, Tensor target) {
        return forward(input, target);
    }

    public Reduction reduction() {
        return reduction;
    }

    /** PyTorch-style, e.g. {@code MSELoss()} or {@code MSELoss(reduction=sum)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + (reduction == Reduction.MEAN ? "()" : "(reduction=" + reduction + ")");
    }
}
