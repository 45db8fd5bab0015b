package dev.lanes.layers.optim;

/** Registers {@link Adam} as {@code "adam"}. */
public final class AdamProvider extends SpecProvider {

    public AdamProvider() {
        super(Adam.SPEC, Adam::new);
    }
}
