package dev.lanes.layers.optim;

/** Registers {@link SGD} as {@code "sgd"}. */
public final class SgdProvider extends SpecProvider {

    public SgdProvider() {
        super(SGD.SPEC, SGD::new);
    }
}
