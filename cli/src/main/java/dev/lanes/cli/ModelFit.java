package dev.lanes.cli;

import dev.lanes.nn.BatchDependent;
import dev.lanes.nn.InputWidth;
import dev.lanes.nn.Module;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;

/** Checks, before any real work, that a model takes the data's width and gives the outputs the task needs. */
final class ModelFit {

    private ModelFit() {
    }

    /** The model's output width for {@code inputs} features, or a {@link UserError} saying why it does not fit. */
    static int outputs(Module model, int inputs, String dataName, String modelName) {
        Tensor out;
        try (var scope = GradMode.noGrad()) {
            boolean training = model.isTraining();
            model.eval(); // rows of zeros, as many as a BatchNorm without running statistics needs in eval mode
            out = model.forward(Tensor.zeros(BatchDependent.minimumBatchRows(model), inputs));
            model.train(training);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().lines().findFirst().orElse("");
            // When the first linear layer takes the data's width, a later layer is the misfit: blame the spec.
            if (InputWidth.of(model).orElse(-1) == inputs) {
                throw new UserError(modelName + " does not fit together (its first layer takes the "
                        + Plural.count(inputs, "feature column") + " of " + dataName + "): " + why);
            }
            throw new UserError(dataName + " has " + Plural.count(inputs, "feature column") + ", which " + modelName
                    + " does not accept: " + why);
        }
        return out.dim() == 2 ? out.size(1) : 1;
    }

    /** Fails unless the model gives {@code expected} outputs for {@code inputs} features. */
    static void require(Module model, int inputs, int expected, String task, String dataName, String modelName) {
        int got = outputs(model, inputs, dataName, modelName);
        if (got != expected) {
            throw new UserError(modelName + " gives " + Plural.count(got, "output") + " but " + task + " needs "
                    + expected);
        }
    }
}
