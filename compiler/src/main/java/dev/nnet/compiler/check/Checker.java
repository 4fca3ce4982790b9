package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Arg;
import dev.nnet.compiler.ast.DataEntry;
import dev.nnet.compiler.ast.Identifier;
import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.ast.Setting;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.EarlyStopping;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Metric;
import dev.nnet.compiler.model.MetricKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Optimizer;
import dev.nnet.compiler.model.OptimizerKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.Task;
import dev.nnet.compiler.model.Training;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a parsed model file and builds its {@link ModelSpec}: names resolved, shapes inferred through every
 * layer, Keras' defaults filled in, the loss matched against the output. Every problem is reported, and checking
 * goes on after each, so the user sees them all at once; the model is built only when there is no error at all
 * (syntax errors included).
 */
public final class Checker {
  /** The statements that may appear once, in the order a model file usually has them. */
  static final List<String> STATEMENTS =
      List.of("model", "package", "precision", "input", "loss", "metrics", "optimizer", "train", "data");

  private static final Map<String, LossKind> LOSSES = Names.table(LossKind.values(), LossKind::keyword);
  private static final Map<String, MetricKind> METRICS = Names.table(MetricKind.values(), MetricKind::keyword);
  private static final Map<String, OptimizerKind> OPTIMIZERS =
      Names.table(OptimizerKind.values(), OptimizerKind::keyword);
  private static final Map<String, Precision> PRECISIONS =
      Names.table(Precision.values(), p -> p.name().toLowerCase(Locale.ROOT));
  private static final List<String> TRAIN_SETTINGS =
      List.of("batch_size", "epochs", "shuffle", "validation_split", "seed", "early_stopping");

  private final ModelFile file;
  private final Diagnostics diagnostics;
  private final SourceSpan top;

  private Checker(ModelFile file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
    this.top = SourceSpan.at(file.fileName(), 1, 1);
  }

  /**
   * Checks {@code file}, reporting into {@code diagnostics}; the model when nothing (here or before) is an error.
   *
   * @param sourceFile the file's name for {@link ModelSpec#sourceFile()}
   */
  public static Optional<ModelSpec> check(ModelFile file, String sourceFile, Diagnostics diagnostics) {
    return new Checker(file, diagnostics).run(sourceFile);
  }

  private Optional<ModelSpec> run(String sourceFile) {
    Map<String, Statement> first = new HashMap<>();
    List<Statement> layers = new ArrayList<>();
    for (Statement s : file.statements()) {
      String keyword = keyword(s);
      if (STATEMENTS.contains(keyword)) {
        Statement earlier = first.putIfAbsent(keyword, s);
        if (earlier != null) {
          diagnostics.add(
              Diagnostic.error(
                      Codes.DUPLICATE,
                      s.span(),
                      "duplicate `" + keyword + "`; the first is on line " + earlier.span().line())
                  .withHint("keep one `" + keyword + "`"));
        }
      } else {
        layers.add(s);
      }
    }

    if (layers.size() > Limits.MAX_LAYERS) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.OUT_OF_RANGE, layers.get(Limits.MAX_LAYERS).span(), "the model has " + layers.size()
                      + " layers; at most " + Limits.MAX_LAYERS + " are allowed")
              .withHint("the generated class sets every layer up in one Java method, whose size the JVM limits"));
    }
    Optional<String> name = modelName(first.get("model"));
    String javaPackage = javaPackage(first.get("package"));
    if (name.isPresent() && !javaPackage.isEmpty()) {
      name = notAPackage(name.get(), javaPackage, (Statement.ModelDecl) first.get("model"));
    }
    Precision precision = precision(first.get("precision"));
    Optional<Shape> input = input(first.get("input"));
    if (first.get("input") != null && !layers.isEmpty()
        && layers.get(0).span().line() < first.get("input").span().line()) {
      diagnostics.add(
          Diagnostic.error(Codes.MISPLACED, first.get("input").span(), "`input` must come before the layers")
              .withHint("move it above line " + layers.get(0).span().line()));
    }
    Optional<List<LayerSpec>> checkedLayers = layers(layers, input, first.get("input") instanceof Statement.Broken);
    Optional<Loss> loss = loss(first.get("loss"));
    Optional<Task> task = loss.flatMap(l -> task(l, checkedLayers, layers, (Statement.LossDecl) first.get("loss")));
    Optional<Integer> classes =
        checkedLayers
            .filter(l -> !l.isEmpty() && l.get(l.size() - 1).outputShape().rank() == 1)
            .map(l -> l.get(l.size() - 1).outputShape().dim(0));
    Optional<List<Metric>> metrics = metrics(first.get("metrics"), task, classes);
    Optional<Optimizer> optimizer = optimizer(first.get("optimizer"));
    Optional<Training> training = training(first.get("train"), metrics);
    Optional<Data> data = data(first.get("data"));

    if (diagnostics.hasErrors()
        || name.isEmpty()
        || input.isEmpty()
        || checkedLayers.isEmpty()
        || loss.isEmpty()
        || task.isEmpty()
        || metrics.isEmpty()
        || optimizer.isEmpty()
        || training.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> tooLarge = Limits.batchProblem(input.get(), checkedLayers.get(), training.get().batchSize());
    if (tooLarge.isPresent()) {
      Statement train = first.get("train");
      diagnostics.add(
          Diagnostic.error(Codes.OUT_OF_RANGE, train != null ? train.span() : top, "batch_size: " + tooLarge.get())
              .withHint("lower batch_size"));
      return Optional.empty();
    }
    return Optional.of(
        new ModelSpec(
            name.get(),
            javaPackage,
            sourceFile,
            precision,
            input.get(),
            checkedLayers.get(),
            loss.get(),
            task.get(),
            metrics.get(),
            optimizer.get(),
            training.get(),
            data));
  }

  /** What a statement starts with: its keyword, or a layer's kind. */
  private static String keyword(Statement s) {
    if (s instanceof Statement.ModelDecl) {
      return "model";
    } else if (s instanceof Statement.PackageDecl) {
      return "package";
    } else if (s instanceof Statement.PrecisionDecl) {
      return "precision";
    } else if (s instanceof Statement.InputDecl) {
      return "input";
    } else if (s instanceof Statement.LossDecl) {
      return "loss";
    } else if (s instanceof Statement.MetricsDecl) {
      return "metrics";
    } else if (s instanceof Statement.OptimizerDecl) {
      return "optimizer";
    } else if (s instanceof Statement.TrainBlock) {
      return "train";
    } else if (s instanceof Statement.DataBlock) {
      return "data";
    } else if (s instanceof Statement.LayerDecl l) {
      return l.kind().text();
    }
    return ((Statement.Broken) s).keyword();
  }

  private Optional<String> modelName(Statement s) {
    if (s == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_MODEL, top, "the file has no `model` statement")
              .withHint("start the file with `model MyModel`; the name becomes the Java class name"));
      return Optional.empty();
    }
    if (!(s instanceof Statement.ModelDecl m)) {
      return Optional.empty();
    }
    String name = m.name().text();
    String problem = JavaNames.classNameProblem(name);
    if (problem != null) {
      diagnostics.add(
          Diagnostic.error(Codes.BAD_CLASS_NAME, m.name().span(), "model name " + problem)
              .withHint(name.length() > JavaNames.MAX_NAME_LENGTH
                  ? "the model name becomes the Java class name and its file's name: shorten it"
                  : "the model name becomes the Java class name; try `" + suggestClassName(name) + "`"));
      return Optional.empty();
    }
    return Optional.of(name);
  }

  /**
   * Refuses a class whose qualified name is a package generated code imports from ({@code dev.nnet.runtime} for a
   * model {@code runtime} in package {@code dev.nnet}): javac cannot tell the two apart (found by fuzzing).
   */
  private Optional<String> notAPackage(String name, String javaPackage, Statement.ModelDecl m) {
    String qualified = javaPackage + "." + name;
    for (String used : JavaNames.GENERATED_CODE_PACKAGES) {
      if (used.equals(qualified) || used.startsWith(qualified + ".")) {
        diagnostics.add(
            Diagnostic.error(
                    Codes.BAD_CLASS_NAME, m.name().span(), "model name `" + name + "` in package `" + javaPackage
                        + "` would be named like the package `" + qualified + "`, which generated code uses")
                .withHint("the model name becomes the Java class name; try `" + suggestClassName(name) + "`"));
        return Optional.empty();
      }
    }
    return Optional.of(name);
  }

  private static String suggestClassName(String name) {
    String capital = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    boolean taken =
        capital.equals(name) || JavaNames.JAVA_LANG.contains(capital) || JavaNames.KEYWORDS.contains(capital);
    return taken ? capital + "Model" : capital;
  }

  private String javaPackage(Statement s) {
    if (!(s instanceof Statement.PackageDecl p)) {
      return "";
    }
    boolean ok = true;
    for (int i = 0; i < p.parts().size(); i++) {
      Identifier part = p.parts().get(i);
      String problem = JavaNames.packagePartProblem(part.text(), i);
      if (problem != null) {
        String hint = JavaNames.KEYWORDS.contains(part.text())
            ? "choose another name, e.g. `" + part.text() + "s`"
            : "use a package of your own, e.g. `com.example.models`";
        diagnostics.add(Diagnostic.error(Codes.BAD_PACKAGE, part.span(), problem).withHint(hint));
        ok = false;
      }
    }
    String name = String.join(".", p.parts().stream().map(Identifier::text).toList());
    if (ok && JavaNames.isRuntimePackage(name)) {
      // A model class there could take the name of a runtime class that generated code uses (found by fuzzing).
      diagnostics.add(
          Diagnostic.error(
                  Codes.BAD_PACKAGE, p.parts().get(0).span(), "packages under `" + JavaNames.RUNTIME_PACKAGE
                      + "` are reserved for the nnet runtime")
              .withHint("use a package of your own, e.g. `com.example.models`"));
      ok = false;
    }
    return ok ? name : "";
  }

  private Precision precision(Statement s) {
    if (s instanceof Statement.PrecisionDecl p) {
      return Names.lookup("precision", p.value().text(), p.value().span(), PRECISIONS, diagnostics)
          .orElse(Precision.FLOAT32);
    }
    return Precision.FLOAT32;
  }

  private Optional<Shape> input(Statement s) {
    if (s == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_INPUT, top, "the model has no `input` statement")
              .withHint("declare the shape of one sample before the first layer, e.g. `input [4]` or `input [28, 28, 1]`"));
      return Optional.empty();
    }
    if (!(s instanceof Statement.InputDecl in)) {
      return Optional.empty();
    }
    if (!(in.shape() instanceof Value.ListValue list)) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.WRONG_TYPE,
                  in.shape().span(),
                  "input must be a shape in brackets, got " + Values.kind(in.shape()) + " `" + Values.text(in.shape()) + "`")
              .withHint("write e.g. `input [4]`, `input [28, 28]` or `input [28, 28, 1]`"));
      return Optional.empty();
    }
    if (list.items().size() > 3) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.BAD_SHAPE, list.span(), "input has " + list.items().size() + " dimensions; at most 3 are allowed")
              .withHint("shapes are [features], [height, width] or [height, width, channels], without the batch"));
      return Optional.empty();
    }
    List<Integer> dims = new ArrayList<>();
    long size = 1;
    for (Value v : list.items()) {
      if (!(v instanceof Value.NumberLiteral n) || !n.integral()) {
        diagnostics.add(
            Diagnostic.error(
                Codes.WRONG_TYPE,
                v.span(),
                "input dimensions must be whole numbers, got " + Values.kind(v) + " `" + Values.text(v) + "`"));
        return Optional.empty();
      }
      if (n.value() < 1 || n.value() > Integer.MAX_VALUE) {
        diagnostics.add(
            Diagnostic.error(
                Codes.OUT_OF_RANGE,
                v.span(),
                "input dimensions must be at least 1 and at most 2147483647, got " + n.text()));
        return Optional.empty();
      }
      dims.add((int) n.value());
      size *= (long) n.value();
      if (size > Integer.MAX_VALUE) {
        diagnostics.add(
            Diagnostic.error(
                Codes.BAD_SHAPE, list.span(), "input has more than 2147483647 values per sample"));
        return Optional.empty();
      }
    }
    return Optional.of(new Shape(dims));
  }

  /** Every layer checked in order; the specs when all of them are right. */
  private Optional<List<LayerSpec>> layers(List<Statement> layers, Optional<Shape> input, boolean inputBroken) {
    if (layers.isEmpty()) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_LAYERS, top, "the model has no layers")
              .withHint("add layers after `input`, ending with the output layer, e.g. `dense 10 softmax`"));
      return Optional.empty();
    }
    LayerChecker checker = new LayerChecker(diagnostics);
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<LayerSpec> specs = new ArrayList<>();
    Optional<Shape> shape = input;
    boolean complete = true;
    for (Statement s : layers) {
      if (!(s instanceof Statement.LayerDecl layer)) {
        shape = Optional.empty();
        complete = false;
        continue;
      }
      String kind = layer.kind().text();
      if (!LayerChecker.LAYERS.containsKey(kind)) {
        List<String> known = new ArrayList<>(LayerChecker.LAYERS.keySet());
        known.addAll(STATEMENTS);
        diagnostics.add(
            Diagnostic.error(Codes.UNKNOWN_LAYER, layer.kind().span(), "unknown layer `" + Names.shorten(kind) + "`")
                .withHint(
                    Suggestions.closest(kind, known)
                        .map(k -> "did you mean `" + k + "`?")
                        .orElse("layers are `" + String.join("`, `", LayerChecker.LAYERS.keySet()) + "`")));
        shape = Optional.empty();
        complete = false;
        continue;
      }
      int index = counts.merge(kind, 1, Integer::sum);
      LayerChecker.Result r = checker.check(layer, kind + index, shape);
      r.spec().ifPresent(specs::add);
      complete &= r.spec().isPresent();
      shape = r.output();
    }
    return complete && !inputBroken ? Optional.of(specs) : Optional.empty();
  }

  private Optional<Loss> loss(Statement s) {
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
  private Optional<Task> task(
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
  private static Activation outputActivation(List<LayerSpec> layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      LayerSpec l = layers.get(i);
      if (l instanceof LayerSpec.Dropout || l instanceof LayerSpec.Flatten) {
        continue;
      }
      if (l instanceof LayerSpec.Dense d) {
        return d.activation();
      } else if (l instanceof LayerSpec.Conv2d c) {
        return c.activation();
      } else if (l instanceof LayerSpec.ActivationLayer a) {
        return a.activation();
      }
      return Activation.LINEAR;
    }
    return Activation.LINEAR;
  }

  private Optional<List<Metric>> metrics(Statement s, Optional<Task> task, Optional<Integer> classes) {
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

  private boolean metricFits(Metric metric, Value.Call call, Task task) {
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

  private Optional<Optimizer> optimizer(Statement s) {
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

  private Optional<Training> training(Statement s, Optional<List<Metric>> metrics) {
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

  private static long seed(Arguments args, long fallback) {
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

  private Optional<EarlyStopping> earlyStopping(
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

  private Optional<Data> data(Statement s) {
    if (!(s instanceof Statement.DataBlock block)) {
      return Optional.empty();
    }
    DataSource train = null;
    DataSource test = null;
    DataEntry.SourceEntry trainEntry = null;
    DataEntry testEntry = null;
    double split = 0;
    boolean standardize = false;
    DataEntry standardizeEntry = null;
    boolean ok = true;
    for (DataEntry e : block.entries()) {
      if (e instanceof DataEntry.SourceEntry se) {
        DataEntry earlier = se.test() ? testEntry : trainEntry;
        if (earlier != null) {
          duplicate(se.test() ? "test data" : "train data", e.span(), earlier.span());
          ok = false;
          continue;
        }
        Optional<DataSource> source = source(se);
        ok &= source.isPresent();
        if (se.test()) {
          testEntry = se;
          test = source.orElse(null);
        } else {
          trainEntry = se;
          train = source.orElse(null);
        }
      } else if (e instanceof DataEntry.TestSplit ts) {
        if (testEntry != null) {
          conflict(ts.span(), testEntry.span());
          ok = false;
          continue;
        }
        testEntry = ts;
        Arguments a =
            Arguments.bind(
                "test", ts.span(), List.of(new Arg(Optional.empty(), ts.fraction(), ts.fraction().span())),
                List.of("split"), 1, diagnostics);
        split = a.number("split", 0, Range.OPEN_UNIT);
        ok &= !a.failed();
      } else if (e instanceof DataEntry.Broken b) {
        ok = false;
        if (b.keyword().equals("train") && trainEntry == null) {
          // Present but unreadable: say nothing more than the syntax error did.
          trainEntry = new DataEntry.SourceEntry(false, null, Optional.empty(), b.span());
        }
      } else if (e instanceof DataEntry.Unknown u) {
        List<String> words = List.of("train", "test", "standardize");
        diagnostics.add(
            Diagnostic.error(
                    Codes.UNKNOWN_ARGUMENT, u.word().span(), "unknown data entry `" + Names.shorten(u.word().text()) + "`")
                .withHint(
                    Suggestions.closest(u.word().text(), words)
                        .map(w -> "did you mean `" + w + "`?")
                        .orElse("the data block takes `train ...`, `test ...`, `test split ...` and `standardize`")));
        ok = false;
      } else {
        if (standardizeEntry != null) {
          duplicate("standardize", e.span(), standardizeEntry.span());
          ok = false;
        }
        standardizeEntry = e;
        standardize = true;
      }
    }
    if (trainEntry == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_TRAIN_DATA, block.span(), "the data block has no training source")
              .withHint("add e.g. `train csv(\"data.csv\", label = \"class\")`"));
      return Optional.empty();
    }
    if (!ok || train == null) {
      return Optional.empty();
    }
    return Optional.of(new Data(train, Optional.ofNullable(test), split, standardize));
  }

  private void duplicate(String what, SourceSpan at, SourceSpan first) {
    diagnostics.add(
        Diagnostic.error(Codes.DUPLICATE, at, "duplicate " + what + "; the first is on line " + first.line())
            .withHint("keep one of them"));
  }

  private void conflict(SourceSpan at, SourceSpan first) {
    diagnostics.add(
        Diagnostic.error(
                Codes.CONFLICT, at, "a test source and a test split exclude each other; the other is on line " + first.line())
            .withHint("keep `test idx(...)`/`test csv(...)` or `test split 0.2`, not both"));
  }

  private Optional<DataSource> source(DataEntry.SourceEntry entry) {
    Value.Call call = entry.source();
    String kind = call.name().text();
    String owner = kind;
    Arguments args;
    double scale = 1;
    Optional<DataSource> result;
    switch (kind) {
      case "csv" -> {
        args = Arguments.bind(owner, call.span(), call.args(), List.of("path", "label"), 2, diagnostics);
        args.requireAll("path");
        Optional<String> path = args.path("path");
        String label = args.text("label").orElse("");
        result = path.map(p -> new DataSource.Csv(p, label, 1));
      }
      case "idx" -> {
        args = Arguments.bind(owner, call.span(), call.args(), List.of("images", "labels"), 2, diagnostics);
        args.requireAll("images", "labels");
        Optional<String> images = args.path("images");
        Optional<String> labels = args.path("labels");
        result =
            images.isPresent() && labels.isPresent()
                ? Optional.of(new DataSource.Idx(images.get(), labels.get(), 1))
                : Optional.empty();
      }
      default -> {
        diagnostics.add(Names.unknown("data source", kind, call.name().span(), List.of("csv", "idx")));
        return Optional.empty();
      }
    }
    if (entry.scale().isPresent()) {
      Arguments s =
          Arguments.bind(
              "scale", entry.scale().get().span(),
              List.of(new Arg(Optional.empty(), entry.scale().get(), entry.scale().get().span())),
              List.of("factor"), 1, diagnostics);
      scale = s.number("factor", 1, Range.above(0));
      if (s.failed()) {
        return Optional.empty();
      }
    }
    if (args.failed() || result.isEmpty()) {
      return Optional.empty();
    }
    double factor = scale;
    DataSource source = result.get();
    return Optional.of(
        source instanceof DataSource.Csv c
            ? new DataSource.Csv(c.path(), c.label(), factor)
            : new DataSource.Idx(((DataSource.Idx) source).images(), ((DataSource.Idx) source).labels(), factor));
  }
}
