package dev.lanes.layers;

import dev.lanes.kernel.Activation;

/** GELU in its tanh approximation (PyTorch's {@code approximate="tanh"}) elementwise, PyTorch's {@code nn.GELU}. */
public final class GELU extends ActivationLayer {

    public GELU() {
        super("gelu", Activation.GELU);
    }

    /** {@code gelu}, no options. */
    public static final class Provider extends PlainProvider {
        public Provider() {
            super("gelu", GELU::new);
        }
    }
}
