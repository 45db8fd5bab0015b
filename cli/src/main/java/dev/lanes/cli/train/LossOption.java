package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.cli.data.Dataset;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ProviderSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code --loss} asks for: a loss spec, {@code crossentropy} or {@code crossentropy(label_smoothing=0.1,
 * weight=[1,2,0.5])}, parsed with the model-spec grammar and built, so a bad name, option or value fails in one line
 * before any data is read; {@link #requireFits} then checks it against the data before training starts.
 */
public record LossOption(ProviderSpec spec, Loss loss) {

    private static final String OPTION = "--loss";
    /** Losses whose targets are probabilities (a class's one-hot row, or a value in [0, 1]). */
    private static final Set<String> PROBABILITY_TARGETS = Set.of("bce", "bcewithlogits");
    /** What a loss needs its input to be, where the model can get that wrong. */
    private static final Map<String, OutputRange> NEEDED_INPUT =
            Map.of("bce", OutputRange.PROBABILITY, "nll", OutputRange.LOG_PROBABILITY);
    private static final Map<OutputRange, String> NEEDED_INPUT_HINT = Map.of(
            OutputRange.PROBABILITY, "end the model with sigmoid, or use --loss bcewithlogits (on logits)",
            OutputRange.LOG_PROBABILITY, "end the model with logsoftmax, or use --loss crossentropy (on logits)");

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
     * Fails, before training starts, when the loss cannot work on {@code data}'s targets or on {@code model}'s
     * outputs (the loss itself would only say so at the first batch, without naming the data or the model, or not at
     * all: nll on logits trains towards minus infinity): class-id losses need classes, with one {@code weight} per
     * class; bce and bcewithlogits need targets in [0, 1]; bce needs probabilities, nll log-probabilities.
     *
     * @param modelName how the model is named in a message, e.g. {@code --model '64-10:none'}
     */
    public void requireFits(Dataset data, Module model, String modelName) {
        if (!data.isClassification()) {
            requireRegressionTargetsFit(data);
        } else if (Targets.takesClassIds(name()) && spec.options().has("weight")) {
            int weights = spec.options().getFloats("weight", new float[0]).length;
            if (weights != data.classes().size()) {
                throw new UserError(OPTION + " " + spec + ": weight has " + weights + " entries but " + data.source()
                        + " has " + data.classes().size() + " classes; give one weight per class");
            }
        }
        OutputRange needed = NEEDED_INPUT.get(name().toLowerCase(Locale.ROOT));
        OutputRange given = OutputRange.of(model);
        if (needed != null && given != OutputRange.UNKNOWN && given != needed) {
            throw new UserError(OPTION + " " + spec + " takes " + needed.description() + ", but " + modelName
                    + " ends in " + OutputRange.lastLayer(model) + ", which gives " + given.description() + "; "
                    + NEEDED_INPUT_HINT.get(needed));
        }
    }

    private void requireRegressionTargetsFit(Dataset data) {
        String target = "the target '" + data.targetName() + "' of " + data.source();
        if (Targets.takesClassIds(name())) {
            throw new UserError(OPTION + " " + spec + " needs class labels, but " + target
                    + " is a regression value (--regression); use --loss mse or l1");
        }
        if (PROBABILITY_TARGETS.contains(name().toLowerCase(Locale.ROOT))) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : data.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min < 0f || max > 1f) {
                throw new UserError(OPTION + " " + spec + " needs targets between 0 and 1, but " + target
                        + " goes from " + min + " to " + max + "; scale it into [0, 1], or use --loss mse or l1");
            }
        }
    }

    /** The canonical spec, e.g. {@code crossentropy(weight=[1,2],label_smoothing=0.1)}. */
    @Override
    public String toString() {
        return spec.toString();
    }
}
