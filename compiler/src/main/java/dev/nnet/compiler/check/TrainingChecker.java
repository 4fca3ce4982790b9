package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Arg;
import dev.nnet.compiler.ast.Setting;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.model.EarlyStopping;
import dev.nnet.compiler.model.Metric;
import dev.nnet.compiler.model.Optimizer;
import dev.nnet.compiler.model.OptimizerKind;
import dev.nnet.compiler.model.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a model is trained: the {@code optimizer} and its settings, and the {@code train} block (batch size, epochs,
 * shuffling, validation split, seed, early stopping). Part of {@link Checker}; reports into its diagnostics.
 */
final class TrainingChecker {
  private static final Map<String, OptimizerKind> OPTIMIZERS =
      Names.table(OptimizerKind.values(), OptimizerKind::keyword);
  private static final List<String> TRAIN_SETTINGS =
      List.of("batch_size", "epochs", "shuffle", "validation_split", "seed", "early_stopping");

  private final Diagnostics diagnostics;

  TrainingChecker(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Optional<Optimizer> optimizer(Statement s) {
    if (s == null) {
      // Keras' compile() default.
      return Optional.of(Optimizer.defaults(OptimizerKind.RMSPROP));
    }
    if (!(s instanceof Statement.OptimizerDecl decl)) {
      return Optional.empty();
    }
    Value.Call call = decl.optimizer();
    Optional<OptimizerKind> kind =
        Names.lookup("optimizer", call.name().text(), call.name().span(), OPTIMIZERS, diagnostics);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    List<String> params =
        switch (kind.get()) {
          case SGD -> List.of("learning_rate", "momentum", "nesterov");
          case ADAM -> List.of("learning_rate", "beta_1", "beta_2", "epsilon");
          case ADAMW -> List.of("learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon");
          case RMSPROP -> List.of("learning_rate", "rho", "momentum", "epsilon");
          case ADAGRAD -> List.of("learning_rate", "initial_accumulator_value", "epsilon");
        };
    Arguments args = Arguments.bind(kind.get().keyword(), call.span(), call.args(), params, 1, diagnostics);
    Optimizer d = Optimizer.defaults(kind.get());
    Optimizer o =
        new Optimizer(
            kind.get(),
            args.number("learning_rate", d.learningRate(), Range.above(0)),
            args.number("momentum", d.momentum(), Range.UNIT),
            args.bool("nesterov", d.nesterov()),
            args.number("beta_1", d.beta1(), Range.UNIT),
            args.number("beta_2", d.beta2(), Range.UNIT),
            args.number("epsilon", d.epsilon(), Range.above(0)),
            args.number("weight_decay", d.weightDecay(), Range.atLeast(0)),
            args.number("rho", d.rho(), Range.UNIT),
            args.number("initial_accumulator_value", d.initialAccumulator(), Range.atLeast(0)));
    return args.failed() ? Optional.empty() : Optional.of(o);
  }

  Optional<Training> training(Statement s, Optional<List<Metric>> metrics) {
    Training d = Training.defaults();
    if (s == null) {
      return Optional.of(d);
    }
    Statement.TrainBlock block = (Statement.TrainBlock) s;
    List<Arg> settings = new ArrayList<>();
    for (Setting setting : block.settings()) {
      Value value =
          setting instanceof Setting.ValueSetting v
              ? v.value()
              : new Value.Call(setting.name(), ((Setting.CallSetting) setting).args(), true, setting.span());
      settings.add(new Arg(Optional.of(setting.name()), value, setting.span()));
    }
    Arguments args = Arguments.bind("train", "setting", block.span(), settings, TRAIN_SETTINGS, 0, diagnostics);
    int batchSize = args.integer("batch_size", d.batchSize(), Range.atLeast(1));
    int epochs = args.integer("epochs", d.epochs(), Range.atLeast(1));
    boolean shuffle = args.bool("shuffle", d.shuffle());
    double validationSplit = args.number("validation_split", d.validationSplit(), Range.UNIT);
    long seed = seed(args, d.seed());
    Optional<EarlyStopping> early = Optional.empty();
    Optional<Value> es = args.value("early_stopping");
    if (es.isPresent()) {
      early = earlyStopping(es.get(), validationSplit, metrics, args);
    }
    return args.failed()
        ? Optional.empty()
        : Optional.of(new Training(batchSize, epochs, shuffle, validationSplit, seed, early));
  }

  static long seed(Arguments args, long fallback) {
    Optional<Value> v = args.value("seed");
    if (v.isEmpty()) {
      return fallback;
    }
    if (!(v.get() instanceof Value.NumberLiteral n) || !n.integral()) {
      args.wrongType("seed", v.get(), "a whole number");
      return fallback;
    }
    try {
      long seed = Long.parseLong(n.text());
      if (seed >= 0) {
        return seed;
      }
    } catch (NumberFormatException tooLarge) {
      // reported below
    }
    args.outOfRange("seed", v.get(), new Range(0, true, Long.MAX_VALUE, true, "at least 0 and at most " + Long.MAX_VALUE));
    return fallback;
  }

  Optional<EarlyStopping> earlyStopping(
      Value v, double validationSplit, Optional<List<Metric>> metrics, Arguments train) {
    if (!(v instanceof Value.Call call) || !call.parenthesized()) {
      train.wrongType("early_stopping", v, "a call such as `early_stopping(monitor = val_loss, patience = 3)`");
      return Optional.empty();
    }
    Arguments args =
        Arguments.bind(
            "early_stopping", call.span(), call.args(),
            List.of("monitor", "patience", "min_delta", "restore_best_weights"), 2, diagnostics);
    String monitor = args.text("monitor").orElse("val_loss");
    int patience = args.integer("patience", 0, Range.atLeast(0));
    double minDelta = args.number("min_delta", 0, Range.atLeast(0));
    boolean restore = args.bool("restore_best_weights", false);
    if (metrics.isPresent()) {
      List<String> keys = new ArrayList<>(List.of("loss", "val_loss"));
      for (Metric m : metrics.get()) {
        keys.add(m.key());
        keys.add("val_" + m.key());
      }
      SourceSpan at = args.value("monitor").map(Value::span).orElse(call.span());
      if (!keys.contains(monitor)) {
        args.report(Names.unknown("monitor", monitor, at, keys));
      } else if (monitor.startsWith("val_") && validationSplit == 0) {
        args.report(
            Diagnostic.error(
                    Codes.NO_VALIDATION,
                    at,
                    "early stopping monitors `" + monitor + "` but there is no validation split")
                .withHint("add `validation_split 0.1` to `train`, or monitor `" + monitor.substring(4) + "`"));
      }
    }
    if (args.failed()) {
      train.markFailed();
      return Optional.empty();
    }
    return Optional.of(new EarlyStopping(monitor, patience, minDelta, restore));
  }
}
