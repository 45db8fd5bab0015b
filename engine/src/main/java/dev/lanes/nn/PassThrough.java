package dev.lanes.nn;

/**
 * A layer that may leave a 2-D input {@code [rows, features]} untouched (Dropout in evaluation mode, Flatten
 * from dimension 1): {@link DenseStack} skips such layers instead of giving up on the model.
 */
public interface PassThrough {

    /**
     * True when {@code forward(x)} returns {@code x} unchanged (same values, same shape) for every 2-D input in
     * the module's current state; may change with the mode ({@code train()}/{@code eval()}).
     */
    boolean passesThrough();
}
