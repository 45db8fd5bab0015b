package dev.lanes.layers;

import dev.lanes.kernel.Activation;

/** {@code tanh(x)} elementwise, PyTorch's {@code nn.Tanh}. */
public final class Tanh extends ActivationLayer {

    public Tanh() {
        super("tanh", Activation.TANH);
    }

    /** {@code tanh}, no options. */
    public static final class Provider extends PlainProvider {
        public Provider() {
            super("tanh", Tanh::new);
        }
    }
}
