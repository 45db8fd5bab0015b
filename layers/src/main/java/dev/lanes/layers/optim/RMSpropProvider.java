package dev.lanes.layers.optim;

/** Registers {@link RMSprop} as {@code "rmsprop"}. */
public final class RMSpropProvider extends SpecProvider {

    public RMSpropProvider() {
        super(RMSprop.SPEC, RMSprop::new);
    }
}
