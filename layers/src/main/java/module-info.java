/**
 * The built-in layers, losses and optimizers of Lanes. The engine names none of them: each is a plugin, provided
 * here for the module path and listed in {@code META-INF/services} for the class path (the two lists must agree).
 */
module dev.lanes.layers {
    requires transitive dev.lanes.engine;

    exports dev.lanes.layers;
    exports dev.lanes.layers.loss;
    exports dev.lanes.layers.optim;

    provides dev.lanes.spi.LayerProvider with
            dev.lanes.layers.Linear.Provider,
            dev.lanes.layers.LayerNorm.Provider,
            dev.lanes.layers.ReLU.Provider,
            dev.lanes.layers.Sigmoid.Provider,
            dev.lanes.layers.Tanh.Provider,
            dev.lanes.layers.LeakyReLU.Provider,
            dev.lanes.layers.GELU.Provider,
            dev.lanes.layers.SiLU.Provider,
            dev.lanes.layers.ELU.Provider,
            dev.lanes.layers.Softmax.Provider,
            dev.lanes.layers.LogSoftmax.Provider,
            dev.lanes.layers.Dropout.Provider,
            dev.lanes.layers.Flatten.Provider,
            dev.lanes.layers.Embedding.Provider,
            dev.lanes.layers.BatchNorm1d.Provider;

    provides dev.lanes.spi.LossProvider with
            dev.lanes.layers.loss.MSELoss.Provider,
            dev.lanes.layers.loss.L1Loss.Provider,
            dev.lanes.layers.loss.CrossEntropyLoss.Provider,
            dev.lanes.layers.loss.NLLLoss.Provider,
            dev.lanes.layers.loss.BCELoss.Provider,
            dev.lanes.layers.loss.BCEWithLogitsLoss.Provider;

    provides dev.lanes.spi.OptimizerProvider with
            dev.lanes.layers.optim.SgdProvider,
            dev.lanes.layers.optim.AdamProvider,
            dev.lanes.layers.optim.AdamWProvider,
            dev.lanes.layers.optim.RMSpropProvider,
            dev.lanes.layers.optim.AdagradProvider;
}
