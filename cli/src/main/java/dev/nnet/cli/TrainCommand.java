package dev.nnet.cli;

import dev.nnet.compiler.check.Limits;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet train MODEL}: trains on the model's data (or the files given), shows each epoch's progress and the
 * test metrics, and saves the trained model (with its history) next to the model file or where {@code --out} says.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model on its data, showing each epoch's progress, then print the test metrics and save the trained",
      "model (default: MODEL.weights beside the model file) with its history beside it: NAME.history.csv and a",
      "chart, NAME.history.png.",
      "",
      "Ctrl-C (or SIGTERM) finishes the current step, saves the run in MODEL.weights.resume (beside the output) and",
      "exits with 130 (143); the run is also saved there at the end of an epoch every --backup-every seconds. --resume continues",
      "it, ending with the same weights as a run never stopped. If the loss becomes NaN or infinite, training",
      "stops and the last good weights go to MODEL.weights.diverged; MODEL.weights is only written by a run that",
      "finished."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the model was trained and saved",
      "1:the model file or data has errors, or training diverged",
      "2:usage error (a bad option, a missing file)",
      "130:interrupted (Ctrl-C); the run was saved for --resume",
      "143:terminated (SIGTERM: kill, docker stop); the run was saved for --resume"
    })
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Mixin DataOptions data;

  @Option(names = "--test", paramLabel = "FILE", description = "A CSV test set (replaces the model's test data).")
  Path test;

  @Option(names = "--epochs", paramLabel = "N", description = "Override the number of epochs.")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Override the batch size.")
  Integer batchSize;

  @Option(names = "--seed", paramLabel = "N", description = "Override the random seed.")
  Long seed;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where to save the trained model (default: MODEL.weights beside the model file).")
  Path out;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the run as JSON: output files, per-epoch history and test metrics (-: standard"
          + " output).")
  Path json;

  @Option(
      names = "--resume",
      description = "Continue the run saved in MODEL.weights.resume (by Ctrl-C or a backup) with the same model"
          + " file, data and options.")
  boolean resume;

  @Option(
      names = "--backup-every",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Save the run in MODEL.weights.resume at the end of an epoch when this many seconds have"
          + " passed since the last save (default: ${DEFAULT-VALUE}; 0: after every epoch).")
  double backupEvery;

  @Mixin BackendOptions backend;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter stdout = cmd.getOut();
    output.check();
    ModelSpec spec = ModelFiles.load(cmd, model, cmd.getErr());
    checkOverrides(spec);
    if (test != null) {
      ModelFiles.requireFile(cmd, test, "test file");
    }
    Path target = out != null ? out : defaultWeights(model);
    checkOutputs(target);
    backend.apply(cmd);
    // The generated class carries the model file's training plan; the options change some of its settings.
    Network net = CompiledModel.instantiate(spec, batchSize != null ? batchSize : spec.training().batchSize());
    Training training = Training.of(net, CompiledModel.plan(net).withOverrides(epochs, batchSize, seed));
    TrainingPlan plan = training.plan();
    DataBlock dataBlock = data.resolve(cmd, spec, plan, DataOptions.base(model), "train");
    Optional<Source> testOverride = Optional.ofNullable(test).map(t -> TextInputs.isText(spec)
        ? TextInputs.source(spec, t, data.label)
        : new Source.Csv(t, data.label == null ? "" : data.label, 1.0));
    DataPlan dataPlan = training.dataPlan(dataBlock, testOverride);
    TokenIds.check(spec, dataPlan.train());
    dataPlan.test().ifPresent(t -> TokenIds.check(spec, t));
    PreparedData prepared = Errors.data(() -> DataPipeline.prepare(dataPlan));
    List<String> features = Errors.data(() -> FeatureColumns.of(dataPlan));

    training.initialize();
    stdout.printf(
        "%s: %,d training samples%s%s; matmul %s%n",
        spec.name(),
        prepared.train().rows(),
        prepared.validation().map(v -> String.format(", %,d validation", v.rows())).orElse(""),
        prepared.test().map(t -> String.format(", %,d test", t.rows())).orElse(""),
        MatMul.describe());
    stdout.flush();
    output.beforeTraining(spec, plan);

    Progress progress = output.progress(spec, plan, prepared.train().rows());
    Trainer trainer = Training.of(progress.observe(net), plan).trainer();
    RunGuard guard =
        new RunGuard(model, target, net, prepared, RunSettings.of(plan, prepared), stdout, cmd.getErr());
    if (resume) {
      guard.resume(trainer);
    } else {
      guard.noteSavedRun();
    }
    Optional<History> trained = guard.fit(trainer, progress, backupEvery);
    if (trained.isEmpty()) {
      return guard.interruptExitCode();
    }
    History history = trained.get();

    Map<String, Double> testMetrics = new LinkedHashMap<>();
    if (prepared.test().isPresent()) {
      Evaluation e = training.evaluator().evaluate(prepared.test().get());
      testMetrics.put("loss", e.loss());
      testMetrics.putAll(e.metrics());
      stdout.println("test: " + EpochPrinter.format(testMetrics));
    }

    Checkpoint checkpoint =
        Checkpoints.capture(
            net,
            prepared.standardizer().map(Checkpoint::arraysOf).orElse(Map.of()),
            prepared.classes(),
            Map.of("model", model.getFileName().toString(), FeatureColumns.KEY, FeatureColumns.encode(features)),
            Optional.empty())
            .withVocabulary(prepared.vocabulary().map(v -> v.tokens()).orElse(List.of()));
    Errors.io(() -> Checkpoints.save(target, checkpoint));
    guard.finished();
    stdout.println("saved " + target);
    output.writeHistory(spec, history, testMetrics, target, json);
    return Main.EXIT_OK;
  }

  /**
   * Checks every file the run will write before it starts: a run that trains for an hour and then cannot save loses
   * the hour.
   */
  private void checkOutputs(Path target) {
    if (Files2.isStdout(target)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "-o: the trained model is a binary file with"
          + " files beside it; give a file name, not - (standard output)");
    }
    Files2.checkWritable(target, "the trained model");
    Files2.checkWritable(RunGuard.resumeFile(target), "the saved run");
    Files2.checkWritable(RunGuard.divergedFile(target), "the weights of a diverged run");
    output.checkWritable(target, json);
  }

  /** MODEL.weights beside the model file: {@code samples/iris/iris.nnet} gives {@code samples/iris/iris.weights}. */
  static Path defaultWeights(Path modelFile) {
    String name = modelFile.getFileName().toString();
    String stem = name.endsWith(".nnet") ? name.substring(0, name.length() - 5) : name;
    return modelFile.resolveSibling(stem + ".weights");
  }

  private void checkOverrides(ModelSpec m) {
    CommandLine cmd = spec.commandLine();
    if (epochs != null && epochs < 1) {
      throw new CommandLine.ParameterException(cmd, "--epochs must be at least 1, got " + epochs);
    }
    if (batchSize != null && batchSize < 1) {
      throw new CommandLine.ParameterException(cmd, "--batch-size must be at least 1, got " + batchSize);
    }
    if (!(backupEvery >= 0) || Double.isInfinite(backupEvery)) {
      throw new CommandLine.ParameterException(cmd, "--backup-every must be a number of seconds, 0 or more, got "
          + backupEvery);
    }
    if (batchSize != null) {
      Limits.batchProblem(m.input(), m.layers(), batchSize).ifPresent(problem -> {
        throw new CommandLine.ParameterException(cmd, "--batch-size: " + problem);
      });
    }
  }
}
