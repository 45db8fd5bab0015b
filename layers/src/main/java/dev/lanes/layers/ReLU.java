package dev.lanes.layers;

import dev.lanes.kernel.Activation;

/** {@code max(0, x)} elementwise, PyTorch's {@code nn.ReLU}. */
public final class ReLU extends ActivationLayer {

    public ReLU() {
        super("relu", Activation.RELU);
    }

    /** {@code relu}, no options. */
    public static final class Provider extends PlainProvider {
        public Provider() {
            super("relu", ReLU::new);
        }
    }
}
