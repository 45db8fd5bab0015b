package dev.lanes.cli.train;

import dev.lanes.cli.UserError;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.spi.ProviderSpec;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code --optimizer} and {@code --lr} ask for: an optimizer spec, {@code adam} or
 * {@code sgd(momentum=0.9,nesterov=true)}, with the learning rate of {@code --lr} or of the spec's {@code lr=} (given
 * both, they must agree), else the optimizer's default. Parsed and built before any data is read, so a bad name,
 * option or value fails in one line. The spec always carries the effective learning rate, e.g.
 * {@code sgd(lr=0.001,momentum=0.9)}: what the optimizer line prints and a checkpoint records.
 */
public record OptimizerOption(ProviderSpec spec) {

    private static final String OPTION = "--optimizer";
    private static final String LR = "--lr";
    private static final String LR_KEY = "lr";

    /**
     * Parses {@code text} with the learning rate {@code lr} (null: the spec's or the optimizer's); any problem is a
     * one-line {@link UserError} that names {@code --optimizer} or {@code --lr}.
     */
    public static OptimizerOption of(String text, Float lr) {
        return of(OPTION, text, LR, lr, null, UserError::new);
    }

    /**
     * What {@code text} and {@code lr} ask for when resuming a run trained with this optimizer: as
     * {@link #of(String, Float)}, but with this learning rate where they give none (a resumed run keeps it).
     */
    public OptimizerOption given(String text, Float lr) {
        return of(OPTION, text, LR, lr, lr(), UserError::new);
    }

    /** As {@link #of(String, Float)}, with the learning rate a checkpoint recorded by itself in older versions. */
    static OptimizerOption recorded(String key, String text, String lrKey, Float lr,
            Function<String, ? extends RuntimeException> failure) {
        return of(key, text, lrKey, lr, null, failure);
    }

    /**
     * The spec {@code text} with the learning rate {@code lr}, else the spec's {@code lr=}, else {@code fallbackLr},
     * else the optimizer's default; {@code label} and {@code lrLabel} name where the spec and {@code lr} come from,
     * and a problem is {@code failure} of one line.
     */
    private static OptimizerOption of(String label, String text, String lrLabel, Float lr, Float fallbackLr,
            Function<String, ? extends RuntimeException> failure) {
        if (lr != null && !(lr > 0 && Float.isFinite(lr))) {
            throw failure.apply(lrLabel + " must be a positive number, got " + lr);
        }
        // built over a stand-in parameter: the optimizer checks every value (ranges, nesterov's needs) before the
        // model exists
        return SpecOption.build(label, text, Optimizers.registry(), spec -> {
            float specLr = create(spec, List.of(Tensor.zeros(1).requiresGrad(true))).lr();
            boolean specGivesLr = spec.options().has(LR_KEY);
            if (lr != null && specGivesLr && specLr != lr) {
                throw failure.apply(lrLabel + " " + lr + " and " + label + " " + spec + " ask for different learning"
                        + " rates; give the learning rate once");
            }
            float effective = lr != null ? lr : specGivesLr || fallbackLr == null ? specLr : fallbackLr;
            if (!(effective > 0)) { // the optimizers take lr=0 as PyTorch does, but a run that learns nothing is a slip
                throw failure.apply(label + " " + spec + ": lr must be a positive number, got " + effective);
            }
            return new OptimizerOption(spec.with(LR_KEY, Float.toString(effective), Optimizers.registry()));
        }, failure);
    }

    /** The optimizer over {@code params}, with the spec's options. */
    public Optimizer create(Iterable<Tensor> params) {
        return create(spec, params);
    }

    private static Optimizer create(ProviderSpec spec, Iterable<Tensor> params) {
        return Optimizers.create(spec.name(), params, spec.options());
    }

    /** The learning rate the optimizer takes. */
    public float lr() {
        return Float.parseFloat(spec.options().getString(LR_KEY, null));
    }

    /** The optimizer's own learning rate, when none is given: what {@code --lr} compares against on resume. */
    public float defaultLr() {
        return of(spec.name(), null).lr();
    }

    /** The canonical spec, e.g. {@code sgd(lr=0.01,momentum=0.9)}. */
    @Override
    public String toString() {
        return spec.toString();
    }
}
