package dev.lanes.optim;

import java.util.List;

/**
 * A learning-rate schedule over an optimizer's parameter groups, as PyTorch's {@code torch.optim.lr_scheduler}: made
 * once the optimizer exists (each group's current lr becomes its base lr), then {@link #step()} once per epoch after
 * the optimizer's steps. Each group's lr is {@link #lr(float, int)} of its base lr and the epochs stepped so far
 * (PyTorch's closed forms).
 *
 * <pre>{@code
 * LRScheduler schedule = LRScheduler.step(optimizer, 30, 0.1f); // lr x 0.1 every 30 epochs
 * for (int epoch = 0; epoch < 100; epoch++) { train(...); schedule.step(); }
 * }</pre>
 */
public abstract class LRScheduler {

    private final Optimizer optimizer;
    private final float[] baseLrs;
    private int epoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new float[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = groups.get(i).lr();
        }
    }

    /** The lr of a group with {@code baseLr} after {@code epoch} steps of the schedule. */
    protected abstract float lr(float baseLr, int epoch);

    /** Ends an epoch: every group's lr becomes the schedule's value for the next one. */
    public void step() {
        epoch++;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (groups.size() != baseLrs.length) {
            throw new IllegalStateException("LRScheduler: the optimizer had " + baseLrs.length + " parameter groups when"
                    + " the schedule was made and has " + groups.size() + " now; make the schedule after the groups");
        }
        for (int i = 0; i < baseLrs.length; i++) {
            groups.get(i).setLr(lr(baseLrs[i], epoch));
        }
    }

    /** Epochs stepped so far (PyTorch's {@code last_epoch}). */
    public int epoch() {
        return epoch;
    }

    /** The groups' current learning rates (PyTorch's {@code get_last_lr()}). */
    public float[] lastLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        float[] lrs = new float[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = groups.get(i).lr();
        }
        return lrs;
    }

    /** PyTorch's {@code StepLR}: the lr times {@code gamma} every {@code stepSize} epochs. */
    public static LRScheduler step(Optimizer optimizer, int stepSize, float gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: stepSize must be at least 1, got " + stepSize);
        }
        requireGamma("StepLR", gamma);
        return new LRScheduler(optimizer) {
            @Override
            protected float lr(float baseLr, int epoch) {
                return (float) (baseLr * Math.pow(gamma, epoch / stepSize));
            }
        };
    }

    /** PyTorch's {@code ExponentialLR}: the lr times {@code gamma} every epoch. */
    public static LRScheduler exponential(Optimizer optimizer, float gamma) {
        requireGamma("ExponentialLR", gamma);
        return new LRScheduler(optimizer) {
            @Override
            protected float lr(float baseLr, int epoch) {
                return (float) (baseLr * Math.pow(gamma, epoch));
            }
        };
    }

    /**
     * PyTorch's {@code CosineAnnealingLR}: from the base lr down to {@code etaMin} along half a cosine over
     * {@code tMax} epochs, {@code etaMin + (base - etaMin)·(1 + cos(π·epoch/tMax))/2}.
     */
    public static LRScheduler cosineAnnealing(Optimizer optimizer, int tMax, float etaMin) {
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be at least 1, got " + tMax);
        }
        if (!(etaMin >= 0f) || Float.isInfinite(etaMin)) {
            throw new IllegalArgumentException("CosineAnnealingLR: etaMin must be a finite number >= 0, got " + etaMin);
        }
        return new LRScheduler(optimizer) {
            @Override
            protected float lr(float baseLr, int epoch) {
                return (float) (etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2);
            }
        };
    }

    private static void requireGamma(String name, float gamma) {
        if (!(gamma > 0f) || Float.isInfinite(gamma)) {
            throw new IllegalArgumentException(name + ": gamma must be a positive finite number, got " + gamma);
        }
    }
}
