package dev.lanes.nn;

import dev.lanes.kernel.Activation;

/**
 * An elementwise activation layer that the fused linear kernel can apply in place of the layer itself: a plan runs
 * {@link #activation()} and never calls the layer's {@code forward}, so the two must agree. The kernel knows only the
 * {@link Activation} constants; a plugin activation outside them (Mish, say) does not implement this, and a model
 * holding it trains through autograd and is served through its module forward.
 */
public interface FusableActivation {

    Activation activation();

    /** The activation's parameter (LeakyReLU's negative slope); 0 when it has none. */
    default float alpha() {
        return 0f;
    }
}
