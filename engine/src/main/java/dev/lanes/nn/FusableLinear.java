package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.tensor.Tensor;

/**
 * A layer computing {@code x·Wᵀ + b} that can apply an activation in the same kernel call;
 * {@link Sequential} uses it to fuse the layer with a following {@link FusableActivation}.
 */
public interface FusableLinear {

    /** {@code act(forward(input))}, computed in one fused pass. */
    Tensor forwardFused(Tensor input, Activation act, float alpha);
}
