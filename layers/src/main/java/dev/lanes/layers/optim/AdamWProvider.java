package dev.lanes.layers.optim;

/** Registers {@link AdamW} as {@code "adamw"}. */
public final class AdamWProvider extends SpecProvider {

    public AdamWProvider() {
        super(AdamW.SPEC, AdamW::new);
    }
}
