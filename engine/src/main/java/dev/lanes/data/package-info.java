/**
 * Mini-batches for a training loop, PyTorch's {@code torch.utils.data}: a {@link dev.lanes.data.TensorDataset} of
 * features and targets and a {@link dev.lanes.data.DataLoader} that walks it in (shuffled) batches.
 */
package dev.lanes.data;
