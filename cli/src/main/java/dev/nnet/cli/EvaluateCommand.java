package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import dev.nnet.runtime.metrics.ConfusionMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet evaluate MODEL --weights FILE [--data FILE]}: the loss and metrics of a trained model on its test data
 * (or the file given) and, for classification, a confusion matrix with per-class precision and recall.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Print a trained model's loss and metrics on its test data (or --data), and for classification a confusion"
            + " matrix with per-class precision and recall.")
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The trained model's weights.")
  Path weights;

  @Mixin DataOptions data;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    Training training = Training.of(trained.network(), CompiledModel.plan(trained.network()));
    if (data.file != null) {
      TokenIds.check(m, data.trainOverride(m).orElseThrow());
    }
    Dataset test = data.file != null ? loadGiven(m, trained, training.plan()) : modelsTestData(cmd, m, training, trained);
    Evaluation e = training.evaluator().evaluate(test);
    PrintWriter out = cmd.getOut();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", e.loss());
    values.putAll(e.metrics());
    out.printf("%s on %,d %s samples%n", m.name(), e.samples(), data.file != null ? data.file.toString() : "test");
    out.println(EpochPrinter.format(values));
    e.confusion().ifPresent(c -> out.print("\n" + confusion(c, trained.checkpoint().classes())));
    out.flush();
    return Main.EXIT_OK;
  }

  /**
   * The confusion matrix and the per-class table, with a last row of macro averages (each class counting the
   * same). Classes are named as training named them, or by index when the checkpoint has no names.
   */
  static String confusion(ConfusionMatrix c, List<String> classes) {
    List<String> names = classes.size() == c.classes()
        ? classes
        : IntStream.range(0, c.classes()).mapToObj(Integer::toString).toList();
    // The same first-column width as ConfusionMatrix.render, so the averages line up under the classes.
    int w = 16;
    for (String n : names) {
      w = Math.max(w, n.length());
    }
    // Macro averages over the classes that occur (as truth or as prediction), each counting the same; for a binary
    // task ConfusionMatrix.precision() is class 1's, so they are computed here for both kinds.
    double[] sums = new double[3];
    int present = 0;
    for (int k = 0; k < c.classes(); k++) {
      if (c.support(k) == 0 && c.predicted(k) == 0) {
        continue;
      }
      sums[0] += c.precision(k);
      sums[1] += c.recall(k);
      sums[2] += c.f1(k);
      present++;
    }
    int n = Math.max(present, 1);
    return c.render(names)
        + String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", "macro average", sums[0] / n,
            sums[1] / n, sums[2] / n, c.total());
  }

  private Dataset loadGiven(ModelSpec m, TrainedModel trained, TrainingPlan plan) {
    Source source = data.trainOverride(m).orElseThrow();
    if (source instanceof Source.Text text) {
      return TextInputs.load(text, plan.target(m.output().size(), trained.checkpoint().classes()),
          trained.checkpoint(), weights);
    }
    return Errors.data(
        () ->
            DataPipeline.loadForEvaluation(
                source,
                plan.target(m.output().size(), trained.checkpoint().classes()),
                m.input().size(),
                trained.checkpoint().standardizer()));
  }

  /** The model's test part, split off exactly as training did (same seed, same order). */
  private Dataset modelsTestData(CommandLine cmd, ModelSpec m, Training training, TrainedModel trained) {
    DataBlock block = data.resolve(cmd, m, training.plan(), DataOptions.base(model), "evaluate");
    TokenIds.check(m, block.train());
    block.test().ifPresent(t -> TokenIds.check(m, t));
    PreparedData prepared =
        Errors.data(() -> DataPipeline.prepare(training.dataPlan(block, Optional.empty())));
    // The split is made again from the seed; the vocabulary fitted again must be the one the weights were trained with.
    prepared.vocabulary().ifPresent(v -> {
      if (!v.tokens().equals(trained.checkpoint().vocabulary())) {
        throw new UserError("data error: the training data of " + m.sourceFile() + " gives another vocabulary than"
            + " the one saved in " + weights + ": the data changed since training; evaluate on a file with --data");
      }
    });
    return prepared
        .test()
        .orElseThrow(
            () ->
                new UserError(
                    m.sourceFile()
                        + " names no test data (no `test` source or split); give one with --data FILE.csv"));
  }
}
