package dev.lanes.nn;

import dev.lanes.tensor.Tensor;
import java.util.Locale;

/** How a loss turns per-element losses into its result, PyTorch's {@code reduction=} argument. */
public enum Reduction {
    MEAN, SUM, NONE;

    /** Applies this reduction to the per-element (or per-sample) losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }

    /** {@code "mean"}, {@code "sum"} or {@code "none"}, any case. */
    public static Reduction parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("reduction must be one of mean, sum, none; got '"
                    + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
