package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Metric;
import dev.nnet.compiler.model.MetricKind;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model learns: the {@code loss}, the task it implies (matched against the output layer's activation and
 * size), and the {@code metrics} that fit that task. Part of {@link Checker}; reports into its diagnostics.
 */
final class TaskChecker {
  private static final Map<String, LossKind> LOSSES = Names.table(LossKind.values(), LossKind::keyword);
  private static final Map<String, MetricKind> METRICS = Names.table(MetricKind.values(), MetricKind::keyword);

  private final Diagnostics diagnostics;
  private final SourceSpan top;

  TaskChecker(Diagnostics diagnostics, SourceSpan top) {
    this.diagnostics = diagnostics;
    this.top = top;
  }

  Optional<Loss> loss(Statement s) {
    if (s == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_LOSS, top, "the model has no `loss` statement")
              .withHint("add e.g. `loss sparse_categorical_crossentropy` for classes or `loss mean_squared_error`"));
      return Optional.empty();
    }
    if (!(s instanceof Statement.LossDecl decl)) {
      return Optional.empty();
    }
    Value.Call call = decl.loss();
    Optional<LossKind> kind = Names.lookup("loss", call.name().text(), call.name().span(), LOSSES, diagnostics);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    boolean huber = kind.get() == LossKind.HUBER;
    Arguments args =
        Arguments.bind(
            kind.get().keyword(), call.span(), call.args(), huber ? List.of("delta") : List.of(), huber ? 1 : 0,
            diagnostics);
    Loss defaults = Loss.of(kind.get());
    double delta = huber ? args.number("delta", defaults.delta(), Range.above(0)) : 0;
    return args.failed() ? Optional.empty() : Optional.of(new Loss(kind.get(), delta));
  }

  /**
   * The task the loss implies, after checking that the output fits it: binary cross-entropy wants one sigmoid
   * unit, the categorical ones a softmax over two or more, and a regression loss on a softmax is suspicious.
   */
  Optional<Task> task(
      Loss loss, Optional<List<LayerSpec>> layers, List<Statement> decls, Statement.LossDecl decl) {
    Task task =
        switch (loss.kind()) {
          case BINARY_CROSSENTROPY -> Task.BINARY_CLASSIFICATION;
          case CATEGORICAL_CROSSENTROPY, SPARSE_CATEGORICAL_CROSSENTROPY -> Task.MULTICLASS_CLASSIFICATION;
          default -> Task.REGRESSION;
        };
    if (layers.isEmpty() || layers.get().isEmpty()) {
      return Optional.of(task);
    }
    List<LayerSpec> specs = layers.get();
    Shape output = specs.get(specs.size() - 1).outputShape();
    SourceSpan at = decl.loss().span();
    String lossName = loss.kind().keyword();
    if (output.rank() != 1) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.OUTPUT_NOT_FLAT,
                  decls.get(decls.size() - 1).span(),
                  "the model's output " + output + " is not 1-D; `" + lossName + "` needs one value per output")
              .withHint("end the model with `flatten` and a `dense` layer"));
      return Optional.of(task);
    }
    int units = output.dim(0);
    ActivationKind act = outputActivation(specs).kind();
    String actName = "`" + act.keyword() + "`";
    switch (task) {
      case BINARY_CLASSIFICATION -> {
        if (units != 1) {
          diagnostics.add(
              Diagnostic.error(
                      Codes.LOSS_MISMATCH, at, lossName + " needs one output unit, the output has " + units)
                  .withHint(
                      units == 2
                          ? "end with `dense 1 sigmoid`, or keep `dense 2 softmax` with `sparse_categorical_crossentropy`"
                          : "for two classes end with `dense 1 sigmoid`; for " + units
                              + " classes use `sparse_categorical_crossentropy` with `dense " + units + " softmax`"));
        } else if (act != ActivationKind.SIGMOID) {
          diagnostics.add(
              Diagnostic.error(
                      Codes.LOSS_MISMATCH,
                      at,
                      lossName + " needs a `sigmoid` output, the output activation is " + actName)
                  .withHint("end the model with `dense 1 sigmoid`"));
        }
      }
      case MULTICLASS_CLASSIFICATION -> {
        if (units < 2) {
          diagnostics.add(
              Diagnostic.error(Codes.LOSS_MISMATCH, at, lossName + " needs two or more output units, the output has 1")
                  .withHint("for two classes use `binary_crossentropy` with `dense 1 sigmoid`"));
        } else if (act != ActivationKind.SOFTMAX) {
          diagnostics.add(
              Diagnostic.error(
                      Codes.LOSS_MISMATCH,
                      at,
                      lossName + " needs a `softmax` output, the output activation is " + actName)
                  .withHint("end the model with `dense " + units + " softmax`"));
        }
      }
      case REGRESSION -> {
        if (act == ActivationKind.SOFTMAX) {
          diagnostics.add(
              Diagnostic.warning(
                      Codes.SOFTMAX_REGRESSION,
                      at,
                      "`softmax` output with the regression loss `" + lossName + "`")
                  .withHint("for classes use `sparse_categorical_crossentropy`; for regression use a linear output"));
        }
      }
    }
    return Optional.of(task);
  }

  /** The activation applied last: dropout and flatten pass values through unchanged at inference. */
  static Activation outputActivation(List<LayerSpec> layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Optional<Activation> applied = layers.get(i).appliedActivation();
      if (applied.isPresent()) {
        return applied.get();
      }
    }
    return Activation.LINEAR;
  }

  Optional<List<Metric>> metrics(Statement s, Optional<Task> task, Optional<Integer> classes) {
    if (s == null) {
      return Optional.of(List.of());
    }
    if (!(s instanceof Statement.MetricsDecl decl)) {
      return Optional.empty();
    }
    List<Metric> metrics = new ArrayList<>();
    Map<String, Value.Call> seen = new HashMap<>();
    boolean ok = true;
    for (Value.Call call : decl.metrics()) {
      Optional<MetricKind> kind = Names.lookup("metric", call.name().text(), call.name().span(), METRICS, diagnostics);
      if (kind.isEmpty()) {
        ok = false;
        continue;
      }
      boolean topK = kind.get() == MetricKind.TOP_K_ACCURACY;
      Arguments args =
          Arguments.bind(
              kind.get().keyword(), call.span(), call.args(), topK ? List.of("k") : List.of(), topK ? 1 : 0,
              diagnostics);
      int k = topK ? args.integer("k", Metric.of(kind.get()).k(), Range.atLeast(1)) : 0;
      if (args.failed()) {
        ok = false;
        continue;
      }
      Metric metric = new Metric(kind.get(), k);
      if (seen.putIfAbsent(metric.key(), call) != null) {
        diagnostics.add(
            Diagnostic.error(Codes.DUPLICATE, call.span(), "metric `" + metric.key() + "` is listed twice")
                .withHint("remove one of them"));
        ok = false;
        continue;
      }
      if (task.isPresent()) {
        ok &= metricFits(metric, call, task.get());
        if (topK && task.get() == Task.MULTICLASS_CLASSIFICATION && classes.isPresent() && k >= classes.get()) {
          diagnostics.add(
              Diagnostic.warning(
                      Codes.TRIVIAL_METRIC,
                      call.span(),
                      "top_k_accuracy with k = " + k + " is always 1 for " + classes.get() + " classes")
                  .withHint("choose k less than " + classes.get()));
        }
      }
      metrics.add(metric);
    }
    return ok ? Optional.of(metrics) : Optional.empty();
  }

  boolean metricFits(Metric metric, Value.Call call, Task task) {
    MetricKind kind = metric.kind();
    boolean classification = kind == MetricKind.ACCURACY || kind == MetricKind.TOP_K_ACCURACY
        || kind == MetricKind.PRECISION || kind == MetricKind.RECALL || kind == MetricKind.F1;
    if (classification && task == Task.REGRESSION) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.METRIC_MISMATCH, call.span(), "`" + kind.keyword() + "` needs a classification loss")
              .withHint("for regression use `mae`, `mse` or `r2`"));
      return false;
    }
    if (kind == MetricKind.TOP_K_ACCURACY && task == Task.BINARY_CLASSIFICATION) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.METRIC_MISMATCH, call.span(), "`top_k_accuracy` needs a multi-class (softmax) output")
              .withHint("use `accuracy` for a binary classifier"));
      return false;
    }
    return true;
  }
}
