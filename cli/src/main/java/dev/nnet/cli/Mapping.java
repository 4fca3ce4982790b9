package dev.nnet.cli;

import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import dev.nnet.compiler.model.Training;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.EarlyStoppingConfig;
import dev.nnet.runtime.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the compiler's typed model meets the runtime's configuration records: the runtime knows
 * nothing of the compiler, so the command line maps one onto the other. Paths in the model are resolved against
 * the model file's folder here.
 */
final class Mapping {
  private Mapping() {}

  static TaskType task(ModelSpec model) {
    return switch (model.task()) {
      case BINARY_CLASSIFICATION -> TaskType.BINARY_CLASSIFICATION;
      case MULTICLASS_CLASSIFICATION -> TaskType.MULTICLASS_CLASSIFICATION;
      case REGRESSION -> TaskType.REGRESSION;
    };
  }

  static List<String> metricKeys(ModelSpec model) {
    return model.metrics().stream().map(m -> m.key()).toList();
  }

  /** What the labels of the model's data are: classes for classification, values for regression. */
  static Target target(ModelSpec model) {
    if (model.task() == Task.REGRESSION) {
      return new Target.Regression(model.output().size());
    }
    return Target.classes(task(model).classes(model.output().size()));
  }

  /** The same target with the class names fixed by training, for evaluation and test data. */
  static Target target(ModelSpec model, List<String> classes) {
    return model.task() == Task.REGRESSION || classes.isEmpty() ? target(model) : Target.classes(classes);
  }

  static OptimizerConfig optimizer(ModelSpec model) {
    var o = model.optimizer();
    var kind = OptimizerConfig.Kind.valueOf(o.kind().name());
    return new OptimizerConfig(
        kind,
        o.learningRate(),
        o.momentum(),
        o.nesterov(),
        o.beta1(),
        o.beta2(),
        o.epsilon(),
        o.weightDecay(),
        o.rho(),
        o.initialAccumulator());
  }

  static TrainConfig training(Training t) {
    return new TrainConfig(
        t.batchSize(),
        t.epochs(),
        t.shuffle(),
        t.seed(),
        t.earlyStopping()
            .map(e -> new EarlyStoppingConfig(e.monitor(), e.patience(), e.minDelta(), e.restoreBest())));
  }

  /** A model source as a runtime source, its paths resolved against {@code base}. */
  static Source source(DataSource s, Path base) {
    if (s instanceof DataSource.Csv c) {
      return new Source.Csv(base.resolve(c.path()), c.label(), c.scale());
    }
    DataSource.Idx i = (DataSource.Idx) s;
    return new Source.Idx(base.resolve(i.images()), base.resolve(i.labels()), i.scale());
  }

  /** The data plan of a training run: the model's data block with any command-line overrides applied. */
  static DataPlan plan(ModelSpec model, Data data, Path base, Optional<Source> trainOverride,
      Optional<Source> testOverride) {
    Source train = trainOverride.orElseGet(() -> source(data.train(), base));
    Optional<Source> test =
        testOverride.isPresent() ? testOverride : data.test().map(s -> source(s, base));
    // A test file given on the command line replaces a test split; the model's split applies otherwise.
    double testSplit = test.isPresent() ? 0 : data.testSplit();
    return new DataPlan(
        train,
        test,
        testSplit,
        model.training().validationSplit(),
        data.standardize(),
        model.training().seed(),
        model.input().size(),
        target(model));
  }

  /** The model's folder, against which its data paths are resolved. */
  static Path base(Path modelFile) {
    Path parent = modelFile.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
