package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.spi.ProviderSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Refuses options that contradict what a checkpoint recorded. A resumed run takes its settings from the checkpoint,
 * so an option given with another value would otherwise be ignored without a word; one given with the recorded
 * value is fine.
 */
public final class ResumeCheck {

    private final Path checkpoint;
    private final Predicate<String> given;

    /** {@code given} says whether the user gave an option (by its name, e.g. {@code --lr}) on the command line. */
    public ResumeCheck(Path checkpoint, Predicate<String> given) {
        this.checkpoint = checkpoint;
        this.given = given;
    }

    /** Fails when {@code option} was given as {@code value} but the checkpoint recorded {@code recorded}. */
    public void same(String option, Object value, Object recorded) {
        same(option, value, recorded, String.valueOf(value), String.valueOf(recorded));
    }

    /** As {@link #same(String, Object, Object)}, the values shown as {@code valueText} and {@code recordedText}. */
    public void same(String option, Object value, Object recorded, String valueText, String recordedText) {
        if (given.test(option) && !Objects.equals(value, recorded)) {
            throw contradiction(option + " " + valueText, "with " + option + " " + recordedText);
        }
    }

    /**
     * As {@link #same(String, Object, Object)} for two canonical specs (so spacing, the order of options and the case
     * of the name do not count); the recorded spec is shown with the options whose values differ, e.g.
     * {@code crossentropy(label_smoothing=0.1) (label_smoothing differs)}.
     */
    public void sameSpec(String option, ProviderSpec value, ProviderSpec recorded) {
        same(option, value.toString(), recorded.toString(), value.toString(), describeAgainst(recorded, value));
    }

    private static String describeAgainst(ProviderSpec recorded, ProviderSpec given) {
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

    /** Fails when the flag {@code option} was given but the checkpoint's run went without it. */
    public void flag(String option, boolean recorded) {
        if (given.test(option) && !recorded) {
            throw contradiction(option, "without " + option);
        }
    }

    private UserError contradiction(String givenText, String recordedText) {
        return new UserError(givenText + " differs from the checkpoint " + checkpoint + ", which was trained "
                + recordedText + "; leave the option out to resume, or start a new run");
    }
}
