package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.tensor.Tensor;

/**
 * A layer computing {@code x·Wᵀ + b} that can apply an activation in the same kernel call;
 * {@link Sequential} uses it to fuse the layer with a following {@link FusableActivation}, and
 * {@link DenseStack} reads its parameters to run a whole stack of such layers on flat arrays.
 */
public interface FusableLinear {

    /** {@code act(forward(input))}, computed in one fused pass. */
    Tensor forwardFused(Tensor input, Activation act, float alpha);

    /** The weight {@code [out_features, in_features]}, PyTorch's layout; its storage is read live. */
    Tensor weight();

    /** The bias {@code [out_features]}, or {@code null} for a layer without one. */
    Tensor bias();
}
