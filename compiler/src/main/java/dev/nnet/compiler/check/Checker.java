package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.Metric;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Optimizer;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.Task;
import dev.nnet.compiler.model.TokenInput;
import dev.nnet.compiler.model.Training;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a parsed model file and builds its {@link ModelSpec}: names resolved, shapes inferred through every
 * layer, Keras' defaults filled in, the loss matched against the output. Every problem is reported, and checking
 * goes on after each, so the user sees them all at once; the model is built only when there is no error at all
 * (syntax errors included).
 *
 * <p>This class sees the statements as a whole (which appear, in what order) and checks the layers; the statements
 * of one idea each are checked by {@link HeaderChecker}, {@link TaskChecker}, {@link TrainingChecker} and
 * {@link DataChecker}.
 */
public final class Checker {
  /** The statements that may appear once, in the order a model file usually has them. */
  static final List<String> STATEMENTS =
      List.of("model", "package", "precision", "input", "loss", "metrics", "optimizer", "train", "data");

  private final ModelFile file;
  private final Diagnostics diagnostics;
  private final SourceSpan top;
  private final HeaderChecker header;
  private final TaskChecker tasks;
  private final TrainingChecker trainings;
  private final DataChecker sources;
  private final Map<String, LayerKind> layerKinds;

  private Checker(ModelFile file, Diagnostics diagnostics, Map<String, LayerKind> layerKinds) {
    this.file = file;
    this.layerKinds = layerKinds;
    this.diagnostics = diagnostics;
    this.top = SourceSpan.at(file.fileName(), 1, 1);
    this.header = new HeaderChecker(diagnostics, top);
    this.tasks = new TaskChecker(diagnostics, top);
    this.trainings = new TrainingChecker(diagnostics);
    this.sources = new DataChecker(diagnostics);
  }

  /**
   * Checks {@code file}, reporting into {@code diagnostics}; the model when nothing (here or before) is an error.
   *
   * @param sourceFile the file's name for {@link ModelSpec#sourceFile()}
   * @param layers every layer keyword of the language (the compiler's {@code LayerTable})
   */
  public static Optional<ModelSpec> check(ModelFile file, String sourceFile, Diagnostics diagnostics,
      Map<String, LayerKind> layers) {
    return new Checker(file, diagnostics, layers).run(sourceFile);
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
    Optional<String> name = header.modelName(first.get("model"));
    String javaPackage = header.javaPackage(first.get("package"));
    if (name.isPresent() && !javaPackage.isEmpty()) {
      name = header.notAPackage(name.get(), javaPackage, (Statement.ModelDecl) first.get("model"));
    }
    Precision precision = header.precision(first.get("precision"));
    Optional<Shape> input = header.input(first.get("input"));
    if (first.get("input") != null && !layers.isEmpty()
        && layers.get(0).span().line() < first.get("input").span().line()) {
      diagnostics.add(
          Diagnostic.error(Codes.MISPLACED, first.get("input").span(), "`input` must come before the layers")
              .withHint("move it above line " + layers.get(0).span().line()));
    }
    Optional<TokenInput> tokens = header.tokens();
    Optional<List<LayerSpec>> checkedLayers =
        layers(layers, input, tokens, first.get("input") instanceof Statement.Broken);
    Optional<Loss> loss = tasks.loss(first.get("loss"));
    Optional<Task> task =
        loss.flatMap(l -> tasks.task(l, checkedLayers, layers, (Statement.LossDecl) first.get("loss")));
    Optional<Integer> classes =
        checkedLayers
            .filter(l -> !l.isEmpty() && l.get(l.size() - 1).outputShape().rank() == 1)
            .map(l -> l.get(l.size() - 1).outputShape().dim(0));
    Optional<List<Metric>> metrics = tasks.metrics(first.get("metrics"), task, classes);
    Optional<Optimizer> optimizer = trainings.optimizer(first.get("optimizer"));
    Optional<Training> training = trainings.training(first.get("train"), metrics);
    Optional<Data> data = sources.data(first.get("data"));
    if (input.isPresent()) {
      data = sources.matchInput(data, tokens, first.get("input"), first.get("data"));
    }

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
            data,
            tokens));
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

  /** Every layer checked in order; the specs when all of them are right. */
  private Optional<List<LayerSpec>> layers(
      List<Statement> layers, Optional<Shape> input, Optional<TokenInput> tokens, boolean inputBroken) {
    if (layers.isEmpty()) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_LAYERS, top, "the model has no layers")
              .withHint("add layers after `input`, ending with the output layer, e.g. `dense 10 softmax`"));
      return Optional.empty();
    }
    LayerChecker checker = new LayerChecker(diagnostics, layerKinds);
    checker.tokenInput(tokens);
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
      if (!layerKinds.containsKey(kind)) {
        List<String> known = new ArrayList<>(layerKinds.keySet());
        known.addAll(STATEMENTS);
        diagnostics.add(
            Diagnostic.error(Codes.UNKNOWN_LAYER, layer.kind().span(), "unknown layer `" + Names.shorten(kind) + "`")
                .withHint(
                    Suggestions.closest(kind, known)
                        .map(k -> "did you mean `" + k + "`?")
                        .orElse("layers are `" + String.join("`, `", layerKinds.keySet()) + "`")));
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
}
