/**
 * Inference for services: {@link dev.lanes.infer.Predictor} loads a model file in one call and predicts from many
 * threads at once, with allocation-free variants for hot paths and hidden-layer embeddings.
 */
package dev.lanes.infer;
