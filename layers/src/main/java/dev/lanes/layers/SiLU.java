package dev.lanes.layers;

import dev.lanes.kernel.Activation;

/** {@code x·sigmoid(x)} elementwise (swish), PyTorch's {@code nn.SiLU}. */
public final class SiLU extends ActivationLayer {

    public SiLU() {
        super("silu", Activation.SILU);
    }

    /** {@code silu}, no options. */
    public static final class Provider extends PlainProvider {
        public Provider() {
            super("silu", SiLU::new);
        }
    }
}
