package dev.lanes.cli;

import dev.lanes.cli.data.DataException;
import dev.lanes.cli.data.DataFiles;
import dev.lanes.cli.data.Dataset;
import dev.lanes.cli.train.Checkpoint;
import dev.lanes.cli.train.LossOption;
import dev.lanes.cli.train.LossPlot;
import dev.lanes.cli.train.OptimizerOption;
import dev.lanes.cli.train.ProgressPrinter;
import dev.lanes.cli.train.ResumeCheck;
import dev.lanes.cli.train.Trainer;
import dev.lanes.infer.Standardizer;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lanes train}: trains a network on CSV or MNIST IDX data and reports held-out accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = {"Train a network and print its accuracy on held-out rows.",
            "With no options: a 64-128-64-10 ReLU network on the bundled 8x8 handwritten digits."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    LanesCommand lanes;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with a header row, or an MNIST IDX image file (.gz ok). Default: bundled digits.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX label file for --data images (default: the images' name with labels-idx1).")
    String labels;

    @Option(names = "--target", paramLabel = "COLUMN", description = "Target column name or index (default: last).")
    String target;

    @Option(names = "--regression", description = "Treat the target as a real value (default: class labels).")
    boolean regression;

    @Option(names = "--model", paramLabel = "SPEC",
            description = "Architecture, e.g. '64-128-10:relu,none' or 'linear(64,32) relu linear(32,10)'."
                    + " Default: IN-128-64-OUT with ReLU.")
    String model;

    @Option(names = "--loss", paramLabel = "SPEC",
            description = "Loss, with options as in a model spec, e.g. 'crossentropy(label_smoothing=0.1,"
                    + "weight=[1,2,0.5])' (default: crossentropy, or mse for --regression).")
    String loss;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "adam",
            description = "Optimizer, with options as in a model spec, e.g. 'sgd(momentum=0.9,nesterov=true)' or"
                    + " 'adam(betas=[0.9,0.99],weight_decay=1e-4)' (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate, as lr= in --optimizer (give it once; default: the optimizer's, 1e-3 for"
                    + " adam).")
    Float lr;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the split, the shuffles and the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-split", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Fraction of rows held out to measure accuracy (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--standardize", description = "Scale each feature to mean 0, std 1 (fit on training rows).")
    boolean standardize;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for large matrix products (default: all processors).")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the trained model here (safetensors).")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Write a checkpoint every N epochs (0: never).")
    int checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file for --checkpoint-every (default: OUT with .checkpoint.safetensors,"
                    + " or lanes.checkpoint.safetensors).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue from a checkpoint (model, optimizer and random state, settings) up to --epochs.")
    Path resume;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write loss and accuracy curves as a PNG image.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            Threads.set(threads);
        }
        checkOptions();
        Checkpoint.Loaded resumed = resume == null ? null : Checkpoint.load(resume);
        Checkpoint.Settings settings = settings(resumed);
        if (resumed != null && resumed.epoch() >= epochs) {
            throw new UserError(resume + " has already trained " + Plural.count(resumed.epoch(), "epoch")
                    + "; ask for more with --epochs");
        }

        ModelMetadata recorded = resumed == null ? null : resumed.model().metadata();
        Dataset all = recorded == null ? DataFiles.load(data, labels, target, regression) : resumedData(recorded);
        Dataset[] split = all.split(settings.validationSplit(), settings.seed());
        ModelMetadata meta = metadata(all, split[0], resumed);
        Dataset train = standardized(split[0], meta);
        Dataset test = standardized(split[1], meta);

        Sequential net = resumed != null ? resumed.model().model() : ModelSpec.parse(meta.spec(), settings.seed());
        String modelName = resumed != null ? "the checkpoint's model" : "--model '" + meta.spec() + "'";
        int outputs = all.isClassification() ? all.classes().size() : 1;
        ModelFit.require(net, all.cols(), outputs, all.isClassification() ? all.classes().size() + " classes"
                : "regression", all.source(), modelName);
        LossOption lossOption = LossOption.of(settings.loss());
        lossOption.requireFits(all, net, modelName);
        Loss lossFn = lossOption.loss();
        OptimizerOption optimizerOption = OptimizerOption.of(settings.optimizer(), null);
        Optimizer opt = optimizerOption.create(net.parameters());
        int firstEpoch = 1;
        if (resumed != null) {
            opt.loadStateDict(resumed.optimizerState());
            ModelFile.restoreRandomState(resumed.model());
            firstEpoch = resumed.epoch() + 1;
        }
        Trainer trainer = new Trainer(net, lossFn, lossOption.name(), opt, train, test);
        trainer.requireBatchSize(settings.batchSize());
        trainer.requireHeldOutRows(settings.validationSplit());

        var stdout = lanes.out;
        stdout.printf(Locale.ROOT, "training %s on %s: %s, %d held out, %s -> %s%n",
                meta.spec(), all.source(), Plural.count(train.rows(), "training row"), test.rows(),
                Plural.count(all.cols(), "feature"),
                all.isClassification() ? all.classes().size() + " classes" : "a value");
        stdout.printf(Locale.ROOT, "loss %s, optimizer %s, batch size %d, epochs %d%s%n", lossFn,
                optimizerOption, settings.batchSize(), epochs,
                resumed != null ? ", resuming after epoch " + resumed.epoch() : "");
        if (!trainer.fused()) { // said, so a slow run is not a mystery; the fused path stays quiet
            stdout.println("training through autograd: the fused step does not take a layer or the loss of this"
                    + " model (slower per step)");
        }
        if (checkpointEvery > 0) { // the default file is easy to miss (e.g. with --resume): say where it goes
            stdout.println("checkpoints every " + (checkpointEvery == 1 ? "epoch" : checkpointEvery + " epochs")
                    + " to " + checkpointPath());
        }
        ProgressPrinter progress = new ProgressPrinter(stdout, ProgressPrinter.stdoutIsTerminal(), epochs);
        List<Trainer.EpochResult> history = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                history.add(trainer.epoch(epoch, settings.batchSize(), settings.seed(), progress));
                if (checkpointEvery > 0 && epoch % checkpointEvery == 0) {
                    Checkpoint.save(checkpointPath(), net, meta, settings, epoch, opt);
                }
            }
        } finally {
            progress.endLine(); // an error mid-epoch is printed on a line of its own, not after the bar
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Trainer.Evaluation finalEval = trainer.evaluateHeldOut();
        String epochsRun = Plural.count(history.size(), "epoch");
        if (all.isClassification()) {
            stdout.printf(Locale.ROOT, "test accuracy %.1f%% (%d/%d), test loss %.4f, %s in %.1f s%n",
                    100 * finalEval.accuracy(), finalEval.correct(), finalEval.total(), finalEval.loss(), epochsRun,
                    seconds);
        } else {
            stdout.printf(Locale.ROOT, "test loss %.4f, %s in %.1f s%n", finalEval.loss(), epochsRun, seconds);
        }
        if (out != null) {
            ModelFile.save(out, net, meta);
            stdout.println("saved model to " + out);
        }
        if (plot != null) {
            LossPlot.write(plot, history, "Lanes: " + meta.spec());
            stdout.println("wrote plot to " + plot);
        }
        return 0;
    }

    /**
     * The settings the options give: the optimizer and the loss (defaulted by the task) as canonical specs, the
     * optimizer's with its learning rate.
     */
    private Checkpoint.Settings givenSettings() {
        String lossSpec = LossOption.of(loss != null ? loss : regression ? "mse" : "crossentropy").toString();
        return new Checkpoint.Settings(OptimizerOption.of(optimizer, lr).toString(), lossSpec, batchSize, seed,
                validationSplit);
    }

    /** The run's settings: from the options, or from the checkpoint when resuming (options may not contradict it). */
    private Checkpoint.Settings settings(Checkpoint.Loaded resumed) {
        Checkpoint.Settings given = givenSettings();
        if (resumed == null) {
            return given;
        }
        Checkpoint.Settings saved = resumed.settings();
        ModelMetadata recorded = resumed.model().metadata();
        ResumeCheck check = resumeCheck();
        OptimizerOption savedOptimizer = OptimizerOption.of(saved.optimizer(), null);
        float savedLr = savedOptimizer.lr();
        check.same("--lr", lr, savedLr, String.valueOf(lr), savedLr
                + (savedLr == savedOptimizer.defaultLr() ? " (" + savedOptimizer.spec().name() + "'s default)" : ""));
        // without --lr or lr= the recorded learning rate stands, so --optimizer sgd resumes sgd(lr=0.01)
        check.sameSpec("--optimizer", savedOptimizer.given(optimizer, lr).spec(), savedOptimizer.spec());
        check.sameSpec("--loss", LossOption.of(given.loss()).spec(), LossOption.of(saved.loss()).spec());
        check.same("--batch-size", batchSize, saved.batchSize());
        check.same("--seed", seed, saved.seed());
        check.same("--validation-split", validationSplit, saved.validationSplit());
        if (model != null) { // compared as architectures: 64-10:none and linear(64,10) are one model
            check.same("--model", ModelSpec.parse(model, 0).toString(), resumed.model().model().toString(), model,
                    recorded.spec());
        }
        check.flag("--standardize", recorded.mean() != null);
        check.flag("--regression", !recorded.isClassifier());
        return saved;
    }

    private ResumeCheck resumeCheck() {
        return new ResumeCheck(resume, spec.commandLine().getParseResult()::hasMatchedOption);
    }

    /** Fails on options that are out of range or cannot work together, and on outputs that cannot be written. */
    private void checkOptions() throws IOException {
        if (epochs < 1) {
            throw new UserError("--epochs must be at least 1, got " + epochs);
        }
        String problem = givenSettings().problem(Checkpoint::optionOf);
        if (problem != null) {
            throw new UserError(problem);
        }
        if (checkpointEvery < 0) {
            throw new UserError("--checkpoint-every must be 0 or more, got " + checkpointEvery);
        }
        if (checkpoint != null && checkpointEvery == 0) {
            throw new UserError("--checkpoint " + checkpoint + " is only written with --checkpoint-every N;"
                    + " add it (N = 1: every epoch)");
        }
        checkOutputs();
    }

    /**
     * Before training, not after it: every output can be written, none is an input of the run, no two are one
     * file. A checkpoint may be the one resumed from: it is read before it is overwritten.
     */
    private void checkOutputs() throws IOException {
        Path checkpointFile = checkpointEvery > 0 ? checkpointPath() : null;
        Path dataFile = data == null || data.equals(DataFiles.STDIN) ? null : Path.of(data);
        Path labelsFile = labels == null ? null : Path.of(labels);
        String[] names = {"--out", "--plot", "--checkpoint"};
        Path[] outputs = {out, plot, checkpointFile};
        for (int i = 0; i < outputs.length; i++) {
            OutputFiles.requireWritable(outputs[i]);
            OutputFiles.requireDistinct(names[i], outputs[i], "--data", dataFile);
            OutputFiles.requireDistinct(names[i], outputs[i], "--labels", labelsFile);
            if (outputs[i] != checkpointFile) {
                OutputFiles.requireDistinct(names[i], outputs[i], "--resume", resume);
            }
            for (int j = i + 1; j < outputs.length; j++) {
                OutputFiles.requireDistinct(names[i], outputs[i], names[j], outputs[j]);
            }
        }
    }

    private Path checkpointPath() {
        if (checkpoint != null) {
            return checkpoint;
        }
        if (out == null) {
            return Path.of("lanes.checkpoint.safetensors");
        }
        String name = out.getFileName().toString().replaceFirst("\\.safetensors$", "");
        return out.resolveSibling(name + ".checkpoint.safetensors");
    }

    /** The data of a resumed run: the checkpoint names no data file, so it is read from --data again. */
    private Dataset resumedData(ModelMetadata recorded) throws IOException {
        try {
            return DataFiles.load(data, labels, target != null ? target : recorded.target(), !recorded.isClassifier());
        } catch (DataException e) {
            if (data != null) {
                throw e;
            }
            throw new UserError(e.getMessage().split(";")[0] + giveDataHint());
        }
    }

    /** Without --data a resumed run reads the bundled digits, which a user resuming a run on a CSV may not expect. */
    private String giveDataHint() {
        return data != null ? "" : "; " + resume + " records no data file and without --data the bundled digits are"
                + " read: give the data it was trained on with --data";
    }

    private ModelMetadata metadata(Dataset all, Dataset train, Checkpoint.Loaded resumed) {
        if (resumed != null) {
            ModelMetadata saved = resumed.model().metadata();
            if (saved.target() != null) { // --target may name the column by its index
                resumeCheck().same("--target", all.targetName(), saved.target(),
                        target + " (column '" + all.targetName() + "')", "'" + saved.target() + "'");
            }
            if (!saved.classes().equals(all.classes()) || saved.features().size() != all.cols()) {
                throw new UserError(all.source() + " does not look like the data " + resume + " was trained on: "
                        + all.cols() + " features and classes " + all.classes() + " against " + saved.features().size()
                        + " and " + saved.classes() + giveDataHint());
            }
            return saved;
        }
        String archSpec = model;
        if (archSpec == null) {
            int outputs = all.isClassification() ? all.classes().size() : 1;
            archSpec = all.cols() + "-128-64-" + outputs + ":relu,relu,none";
        }
        Standardizer st = standardize ? Standardizer.fit(train.features(), train.rows(), train.cols()) : null;
        return new ModelMetadata(archSpec, all.classes(), all.featureNames(), all.targetName(),
                st == null ? null : st.mean(), st == null ? null : st.std());
    }

    static Dataset standardized(Dataset d, ModelMetadata meta) {
        if (meta.mean() == null) {
            return d;
        }
        if (meta.mean().length != d.cols()) {
            throw new UserError(d.source() + " has " + d.cols()
                    + " feature columns but the model's standardization has "
                    + meta.mean().length);
        }
        float[] x = new Standardizer(meta.mean(), meta.std()).apply(d.features());
        return new Dataset(d.source(), d.featureNames(), d.targetName(), x, d.rows(), d.cols(), d.labels(), d.values(),
                d.classes());
    }
}
