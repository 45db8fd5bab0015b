package dev.lanes.nn;

import dev.lanes.kernel.Activation;

/** An elementwise activation layer that the fused linear kernel can apply in place of the layer itself. */
public interface FusableActivation {

    Activation activation();

    /** The activation's parameter (LeakyReLU's negative slope); 0 when it has none. */
    default float alpha() {
        return 0f;
    }
}
