package dev.lanes.layers.optim;

/** Registers {@link Adagrad} as {@code "adagrad"}. */
public final class AdagradProvider extends SpecProvider {

    public AdagradProvider() {
        super(Adagrad.SPEC, Adagrad::new);
    }
}
