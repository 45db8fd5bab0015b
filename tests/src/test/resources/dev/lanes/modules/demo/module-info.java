// Needs only the engine: the built-in layers reach it through the engine's `uses` and the layers' `provides`.
module demo {
    requires dev.lanes.engine;
}
