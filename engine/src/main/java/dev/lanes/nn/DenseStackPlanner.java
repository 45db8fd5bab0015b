package dev.lanes.nn;

import dev.lanes.kernel.Activation;
import dev.lanes.nn.DenseStack.Stage;
import dev.lanes.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link DenseStack} from a {@link Sequential}: walks its layers (nested Sequentials flattened) and groups
 * each dense layer with the norms, activation and dropout that follow it into one stage, or finds a layer no stage
 * can hold (then there is no plan). {@link DenseStack#of} and {@link DenseStack#forInference} say which layers fit.
 */
final class DenseStackPlanner {

    private DenseStackPlanner() {
    }

    static Optional<DenseStack> plan(Sequential model, boolean foldNorms) {
        List<Module> flat = new ArrayList<>();
        flatten(model, flat);
        List<Stage> stages = new ArrayList<>();
        List<FusableDropout> dropouts = new ArrayList<>();
        List<PassThrough> passThroughs = new ArrayList<>();
        List<Integer> passThroughIndex = new ArrayList<>();
        boolean activationTaken = true; // whether the last stage already has its activation (or there is none)
        for (int i = 0; i < flat.size(); i++) {
            Module m = flat.get(i);
            if (m instanceof FusableLinear linear) {
                Optional<Stage> stage = stage(linear);
                if (stage.isEmpty()) {
                    return Optional.empty();
                }
                stages.add(stage.get());
                dropouts.add(null);
                activationTaken = false;
            } else if (m instanceof FusableActivation act) {
                if (activationTaken) {
                    return Optional.empty(); // an activation with no linear layer to fuse into
                }
                stages.add(stages.removeLast().withActivation(act.activation(), act.alpha()));
                activationTaken = true;
            } else if (foldNorms && m instanceof FoldableNorm norm && norm.foldable() && !activationTaken
                    && dropouts.getLast() == null && stages.getLast().norm() == null
                    && norm.features() == stages.getLast().out()) {
                stages.add(NormFolding.folded(stages.removeLast(), norm, false)); // its activation may still follow
            } else if (m instanceof FusableNorm norm && !activationTaken && dropouts.getLast() == null
                    && stages.getLast().norm() == null && norm.normalizesRowsOf(stages.getLast().out())
                    && !(foldNorms && norm.usesBatchStatistics())) { // a served row's output is its own
                stages.add(stages.removeLast().withNorm(norm)); // its activation may still follow
            } else if (m instanceof FusableNorm norm && activationTaken && !stages.isEmpty()
                    && dropouts.getLast() == null // so activationTaken means an activation layer was taken
                    && stages.getLast().postNorm() == null && norm.normalizesRowsOf(stages.getLast().out())
                    && !(foldNorms && norm.usesBatchStatistics())) {
                stages.add(stages.removeLast().withPostNorm(norm)); // after the activation; a dropout may follow
            } else if (m instanceof FusableDropout d && !d.passesThrough() && !stages.isEmpty()
                    && dropouts.getLast() == null) { // one that passes through now is skipped, fused across
                dropouts.set(dropouts.size() - 1, d); // applied to the stage's output, after its activation
                activationTaken = true; // an activation after the dropout would run before it in a stage
                passThroughs.add(d);
                passThroughIndex.add(i);
            } else if (m instanceof PassThrough p && p.passesThrough()) {
                passThroughs.add(p);
                passThroughIndex.add(i);
            } else {
                return Optional.empty();
            }
        }
        if (stages.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).in() != stages.get(i - 1).out()) {
                throw new IllegalArgumentException("DenseStack: dense layer " + i + " expects " + stages.get(i).in()
                        + " input features but dense layer " + (i - 1) + " produces " + stages.get(i - 1).out());
            }
        }
        if (foldNorms) {
            foldPostNormsForward(stages, dropouts);
        }
        Stage[] planned = stages.toArray(Stage[]::new);
        return Optional.of(new DenseStack(planned, dropouts.toArray(FusableDropout[]::new),
                passThroughs.toArray(PassThrough[]::new), passThroughIndex.stream().mapToInt(Integer::intValue).toArray(),
                null, Arrays.stream(planned).map(Stage::norm).toArray(FusableNorm[]::new),
                Arrays.stream(planned).map(Stage::postNorm).toArray(FusableNorm[]::new)));
    }

    /**
     * Each norm after an activation that is a fixed affine map now, with the next stage's dense layer right after it
     * (no dropout between), moves into a copy of that layer's weight and bias: {@code W·(scale⊙x + shift) + b}.
     */
    private static void foldPostNormsForward(List<Stage> stages, List<FusableDropout> dropouts) {
        for (int i = 0; i + 1 < stages.size(); i++) {
            if (stages.get(i).postNorm() instanceof FoldableNorm norm && norm.foldable() && dropouts.get(i) == null
                    && norm.features() == stages.get(i + 1).in()) {
                stages.set(i + 1, NormFolding.folded(stages.get(i + 1), norm, true));
                stages.set(i, stages.get(i).withPostNorm(null));
            }
        }
    }

    private static void flatten(Sequential model, List<Module> into) {
        for (Module m : model.layers()) {
            if (m instanceof Sequential inner) {
                flatten(inner, into);
            } else {
                into.add(m);
            }
        }
    }

    private static Optional<Stage> stage(FusableLinear linear) {
        Tensor w = linear.weight();
        Tensor b = linear.bias();
        if (w == null || w.dim() != 2 || (b != null && !Arrays.equals(b.shape(), new int[] {w.size(0)}))) {
            return Optional.empty(); // not the [out, in] + [out] layout the kernel reads; the module knows better
        }
        return Optional.of(new Stage(w, b, w.size(1), w.size(0), Activation.IDENTITY, 0f, null, null));
    }
}
