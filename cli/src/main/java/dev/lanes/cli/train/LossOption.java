package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ProviderSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code --loss} asks for: a loss spec, {@code crossentropy} or {@code crossentropy(label_smoothing=0.1,
 * weight=[1,2,0.5])}, parsed with the model-spec grammar and built, so a bad name, option or value fails in one line
 * before any data is read; {@link #requireFits} then checks it against the data before training starts.
 */
public record LossOption(ProviderSpec spec, Loss loss) {

    private static final String OPTION = "--loss";

    /** Parses and builds {@code text}; any problem is a one-line {@link UserError} that starts with the option. */
    public static LossOption of(String text) {
        try {
            ProviderSpec spec = ProviderSpec.parse(text, Losses.registry());
            Loss loss = Losses.create(spec.name(), spec.options());
            if (loss.reduction() == Reduction.NONE) { // a loss per row: nothing to step on or print
                throw new UserError(OPTION + " " + spec + ": reduction=none gives one loss per row, which training"
                        + " cannot minimize; use reduction=mean (the default) or sum");
            }
            return new LossOption(spec, loss);
        } catch (IllegalArgumentException e) {
            throw new UserError(OPTION + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
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

    /**
     * {@code recorded} as a resume error shows it: the canonical spec, then, for the same loss, the options whose
     * values differ from {@code given}'s, e.g. {@code crossentropy(label_smoothing=0.1) (label_smoothing differs)}.
     */
    public static String describeAgainst(ProviderSpec recorded, ProviderSpec given) {
        if (!recorded.name().equals(given.name())) {
            return recorded.toString();
        }
        Set<String> keys = new LinkedHashSet<>(recorded.options().asMap().keySet());
        keys.addAll(given.options().asMap().keySet());
        List<String> differing = keys.stream().filter(key -> !Objects.equals(recorded.options().asMap().get(key),
                given.options().asMap().get(key))).toList();
        return recorded + (differing.isEmpty() ? "" : " (" + String.join(", ", differing) + " "
                + (differing.size() == 1 ? "differs" : "differ") + ")");
    }

    /** The canonical spec, e.g. {@code crossentropy(weight=[1,2],label_smoothing=0.1)}. */
    @Override
    public String toString() {
        return spec.toString();
    }
}
