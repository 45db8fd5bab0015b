package dev.lanes.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** {@link #stateDict()}'s keys: the epochs stepped and the groups' base lrs (comma-separated). */
    public static final String LAST_EPOCH = "lr_scheduler.last_epoch";
    public static final String BASE_LRS = "lr_scheduler.base_lrs";

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
            throw new IllegalStateException("LRScheduler: the optimizer had " + groups(baseLrs.length) + " when the"
                    + " schedule was made and has " + groups.size() + " now; make the schedule after the groups");
        }
        for (int i = 0; i < baseLrs.length; i++) {
            groups.get(i).setLr(lr(baseLrs[i], epoch));
        }
    }

    /** Epochs stepped so far (PyTorch's {@code last_epoch}). */
    public int epoch() {
        return epoch;
    }

    /**
     * PyTorch's {@code state_dict()}, as text entries that a checkpoint's metadata keeps
     * ({@code StateDictFile.save(file, model, optimizer, schedule.stateDict())}): {@link #LAST_EPOCH} and
     * {@link #BASE_LRS}.
     */
    public Map<String, String> stateDict() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put(LAST_EPOCH, Integer.toString(epoch));
        StringBuilder lrs = new StringBuilder();
        for (float lr : baseLrs) {
            lrs.append(lrs.isEmpty() ? "" : ",").append(lr);
        }
        state.put(BASE_LRS, lrs.toString());
        return state;
    }

    /**
     * PyTorch's {@code load_state_dict()}: counts on from the saved epoch with the saved base lrs; other entries of
     * {@code state} are ignored, so a checkpoint's whole metadata can be given. The groups' current lrs come back
     * with the optimizer's own state dict, as in PyTorch; a schedule of the same kind over the same groups is
     * assumed. Checked before anything changes.
     *
     * @throws IllegalArgumentException when an entry is missing or malformed, or the number of base lrs is not the
     *                                  number of groups (the message names the entry)
     */
    public void loadStateDict(Map<String, String> state) {
        int savedEpoch;
        try {
            savedEpoch = Integer.parseInt(required(state, LAST_EPOCH).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LRScheduler: " + LAST_EPOCH + " '" + state.get(LAST_EPOCH)
                    + "' is not a whole number");
        }
        if (savedEpoch < 0) {
            throw new IllegalArgumentException("LRScheduler: " + LAST_EPOCH + " must be >= 0, got " + savedEpoch);
        }
        String[] parts = required(state, BASE_LRS).split(",", -1);
        if (parts.length != baseLrs.length) {
            throw new IllegalArgumentException("LRScheduler: " + BASE_LRS + " holds " + parts.length
                    + (parts.length == 1 ? " lr" : " lrs") + " but the optimizer has " + groups(baseLrs.length));
        }
        float[] lrs = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                lrs[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                lrs[i] = Float.NaN;
            }
            if (!(lrs[i] >= 0f) || Float.isInfinite(lrs[i])) {
                throw new IllegalArgumentException("LRScheduler: " + BASE_LRS + " entry " + (i + 1) + " '" + parts[i]
                        + "' is not a finite lr >= 0");
            }
        }
        System.arraycopy(lrs, 0, baseLrs, 0, lrs.length);
        epoch = savedEpoch;
    }

    private static String required(Map<String, String> state, String key) {
        String value = state.get(key);
        if (value == null) {
            throw new IllegalArgumentException("LRScheduler: the state has no " + key + " (saved with stateDict()?)");
        }
        return value;
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

    private static String groups(int count) {
        return count + (count == 1 ? " parameter group" : " parameter groups");
    }
}
