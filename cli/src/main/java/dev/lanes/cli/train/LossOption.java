package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ProviderSpec;
import java.util.function.Function;

/**
 * What {@code --loss} asks for: a loss spec, {@code crossentropy} or {@code crossentropy(label_smoothing=0.1,
 * weight=[1,2,0.5])}, parsed with the model-spec grammar and built, so a bad name, option or value fails in one line
 * before any data is read; {@link #requireFits} then checks it against the data before training starts.
 */
public record LossOption(ProviderSpec spec, Loss loss) {

    private static final String OPTION = "--loss";

    /** Parses and builds {@code text}; any problem is a one-line {@link UserError} that starts with the option. */
    public static LossOption of(String text) {
        return of(OPTION, text, UserError::new);
    }

    /** As {@link #of(String)}, a problem being {@code failure} of a line that starts with {@code label}. */
    static LossOption of(String label, String text, Function<String, ? extends RuntimeException> failure) {
        LossOption option = SpecOption.build(label, text, Losses.registry(),
                spec -> new LossOption(spec, Losses.create(spec.name(), spec.options())), failure);
        if (option.loss.reduction() == Reduction.NONE) { // a loss per row: nothing to step on or print
            throw failure.apply(label + " " + option.spec + ": reduction=none gives one loss per row, which training"
                    + " cannot minimize; use reduction=mean (the default) or sum");
        }
        return option;
    }

    /** The loss's registry name, e.g. {@code crossentropy}: what decides the targets' form. */
    public String name() {
        return spec.name();
    }

    /**
     * Fails when a class-index loss's {@code weight} does not give one weight per class of the data (the loss itself
     * would only say so at the first batch, and without naming the data).
     */
    public void requireFits(int classes, String dataSource) {
        if (!Targets.takesClassIds(name()) || !spec.options().has("weight")) {
            return;
        }
        int weights = spec.options().getFloats("weight", new float[0]).length;
        if (weights != classes) {
            throw new UserError(OPTION + " " + spec + ": weight has " + weights + " entries but " + dataSource
                    + " has " + classes + " classes; give one weight per class");
        }
    }

    /** The canonical spec, e.g. {@code crossentropy(weight=[1,2],label_smoothing=0.1)}. */
    @Override
    public String toString() {
        return spec.toString();
    }
}
