/**
 * The Lanes engine: tensors with autograd, the SIMD kernels, modules, optimizers, the plugin SPI, model files and
 * the inference API. No run-time dependencies.
 *
 * <p>The Vector API is optional ({@code requires static}): with {@code --add-modules jdk.incubator.vector} the
 * kernels use it, without it they run the scalar reference path and log one warning saying how to enable it.
 * Layers, losses and optimizers are plugins found with {@link java.util.ServiceLoader}: on the module path through
 * {@code provides} clauses (as in {@code dev.lanes.layers}), on the class path through {@code META-INF/services}.
 */
module dev.lanes.engine {
    requires static jdk.incubator.vector;

    exports dev.lanes.data;
    exports dev.lanes.infer;
    exports dev.lanes.io;
    exports dev.lanes.kernel;
    exports dev.lanes.kernel.vector;
    exports dev.lanes.nn;
    exports dev.lanes.nn.functional;
    exports dev.lanes.optim;
    exports dev.lanes.spi;
    exports dev.lanes.tensor;

    uses dev.lanes.spi.LayerProvider;
    uses dev.lanes.spi.LossProvider;
    uses dev.lanes.spi.OptimizerProvider;
}
