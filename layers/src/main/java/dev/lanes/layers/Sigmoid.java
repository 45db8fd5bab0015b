package dev.lanes.layers;

import dev.lanes.kernel.Activation;

/** {@code 1 / (1 + exp(-x))} elementwise, PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends ActivationLayer {

    public Sigmoid() {
        super("sigmoid", Activation.SIGMOID);
    }

    /** {@code sigmoid}, no options. */
    public static final class Provider extends PlainProvider {
        public Provider() {
            super("sigmoid", Sigmoid::new);
        }
    }
}
