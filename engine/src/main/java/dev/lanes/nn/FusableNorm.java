package dev.lanes.nn;

/**
 * A normalisation of {@code [rows, features]} rows that a {@link DenseStack} plan runs itself between a dense layer
 * and its activation (Linear → norm → activation) or right after the activation (Linear → activation → norm), on
 * flat arrays through the same code as the layer's own forward and backward: {@link TrainStep} then trains such a model without autograd, with the layer's numbers (BatchNorm's
 * batch statistics and running-statistics update included).
 *
 * <p>What a forward keeps for its backward lives in a {@link Scratch} the plan owns (one per workspace), so a plan
 * allocates nothing per step once the scratch has grown to the largest batch.
 *
 * <p>A plugin layer can implement it too (a {@link Module} in a {@code LayerProvider}; README, "Plugins"): the
 * plan trusts {@link #normalizesRowsOf} and writes no checks of its own around the calls, so the simplest correct
 * layer runs the same row loops from its module forward (through {@link dev.lanes.tensor.CustomOp}) and from these
 * methods, and the fused path then gives the autograd path's numbers.
 */
public interface FusableNorm {

    /** The statistics a forward keeps for the backward that follows it; made by {@link #newScratch}. */
    interface Scratch {
    }

    /** Whether the layer takes 2-D input {@code [rows, width]} and normalises over it as a plan stage would. */
    boolean normalizesRowsOf(int width);

    /**
     * Whether a row's output depends on the other rows of its batch in the current mode (BatchNorm's batch
     * statistics): a serving plan ({@link DenseStack#forInference}) leaves such a layer to the module.
     */
    boolean usesBatchStatistics();

    /** Scratch for batches of up to {@code rows} rows. */
    Scratch newScratch(int rows);

    /**
     * {@code y[rows, width] = norm(x)}, as the layer's forward in its current mode (BatchNorm in training mode
     * updates its running statistics); keeps what {@link #backward} needs in {@code scratch}.
     *
     * @throws IllegalArgumentException when the layer's forward would refuse {@code rows} rows, with its message
     */
    void forward(float[] x, float[] y, int rows, Scratch scratch);

    /**
     * The backward of the last {@link #forward} on {@code x} with this scratch: adds {@code ∂loss/∂x} into
     * {@code gradInput} and the parameters' gradients into their grad arrays (created as autograd creates them;
     * none for a parameter that does not require grad), as the layer's own backward does:
     * {@link dev.lanes.tensor.CustomOp#gradOf}{@code (parameter)} gives that array (null when none).
     */
    void backward(float[] gradOutput, float[] x, float[] gradInput, int rows, Scratch scratch);

    /**
     * A layer of the same kind, options and mode over copies of this one's parameters and buffers as they are now:
     * what a {@link DenseStack#snapshot()} serves, unchanged by later training of this layer. Never null (a snapshot
     * refuses a null copy rather than serve without the norm); a layer with no parameters or buffers may return itself.
     */
    FusableNorm frozenCopy();
}
