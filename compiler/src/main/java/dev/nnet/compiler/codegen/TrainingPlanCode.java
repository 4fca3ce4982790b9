package dev.nnet.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.EarlyStopping;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Optimizer;
import dev.nnet.compiler.model.TokenInput;
import dev.nnet.compiler.model.Training;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Adds the model file's training settings to the model class: the constant {@code TRAINING_PLAN} (a runtime
 * {@code TrainingPlan}: optimizer with its arguments, task, loss, metrics, train block, data block) and
 * {@code trainingPlan()}, which makes the class a {@code Planned} network that {@code Training.of(model)} trains in
 * one call. This is the one place where the checked model's settings become runtime values; the command line reads
 * them back from the generated class.
 */
final class TrainingPlanCode {
  static final String CONSTANT = "TRAINING_PLAN";
  static final String METHOD = "trainingPlan";

  private static final String TRAIN = RuntimeTypes.RUNTIME + ".train";
  private static final String DATA = RuntimeTypes.RUNTIME + ".data";
  private static final ClassName PLANNED = ClassName.get(TRAIN, "Planned");
  private static final ClassName PLAN = ClassName.get(TRAIN, "TrainingPlan");
  private static final ClassName TRAIN_CONFIG = ClassName.get(TRAIN, "TrainConfig");
  private static final ClassName EARLY_STOPPING = ClassName.get(TRAIN, "EarlyStoppingConfig");
  private static final ClassName OPTIMIZER = ClassName.get(RuntimeTypes.RUNTIME + ".optim", "OptimizerConfig");
  private static final ClassName TASK = ClassName.get(RuntimeTypes.RUNTIME + ".metrics", "TaskType");
  private static final ClassName DATA_BLOCK = ClassName.get(DATA, "DataBlock");
  private static final ClassName SOURCE = ClassName.get(DATA, "Source");
  private static final ClassName TOKENIZER = ClassName.get(DATA, "Tokenizer");
  private static final ClassName TOKENIZER_SPLIT = TOKENIZER.nestedClass("Split");

  private TrainingPlanCode() {}

  /** Adds the constant, the method and the {@code Planned} interface to {@code type}. */
  static void addTo(TypeSpec.Builder type, ModelSpec model) {
    type.addSuperinterface(PLANNED);
    type.addField(FieldSpec.builder(PLAN, CONSTANT, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("How {@code $L} says to train; {@code Training.of(model).fit(dataFolder)} runs it.\n",
            Names.commentText(model.sourceFile()))
        .initializer(plan(model))
        .build());
    type.addMethod(MethodSpec.methodBuilder(METHOD)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(PLAN)
        .addStatement("return $L", CONSTANT)
        .build());
  }

  private static CodeBlock plan(ModelSpec model) {
    CodeBlock data = model.data().map(d -> CodeBlock.of("$T.of($L)", Optional.class, data(d, model)))
        .orElse(CodeBlock.of("$T.empty()", Optional.class));
    return arguments(CodeBlock.of("new $T", PLAN), List.of(optimizer(model.optimizer()),
        CodeBlock.of("$T.$L", TASK, model.task().name()), CodeBlock.of("$S", loss(model.loss())),
        CodeBlock.of("$T.of($L)", List.class,
            CodeBlock.join(model.metrics().stream().map(m -> CodeBlock.of("$S", m.key())).toList(), ", ")),
        train(model.training()), CodeBlock.of("$L", number(model.training().validationSplit())), data));
  }

  private static CodeBlock optimizer(Optimizer o) {
    return CodeBlock.of("new $T($T.Kind.$L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", OPTIMIZER, OPTIMIZER,
        o.kind().name(), number(o.learningRate()), number(o.momentum()), o.nesterov(), number(o.beta1()),
        number(o.beta2()), number(o.epsilon()), number(o.weightDecay()), number(o.rho()),
        number(o.initialAccumulator()));
  }

  private static CodeBlock train(Training t) {
    CodeBlock early = t.earlyStopping()
        .map(TrainingPlanCode::earlyStopping)
        .map(e -> CodeBlock.of("$T.of($L)", Optional.class, e))
        .orElse(CodeBlock.of("$T.empty()", Optional.class));
    return CodeBlock.of("new $T($L, $L, $L, $LL, $L)", TRAIN_CONFIG, t.batchSize(), t.epochs(), t.shuffle(), t.seed(),
        early);
  }

  private static CodeBlock earlyStopping(EarlyStopping e) {
    return CodeBlock.of("new $T($S, $L, $L, $L)", EARLY_STOPPING, e.monitor(), e.patience(), number(e.minDelta()),
        e.restoreBest());
  }

  private static CodeBlock data(Data d, ModelSpec model) {
    CodeBlock test = d.test()
        .map(s -> CodeBlock.of("$T.of($L)", Optional.class, source(s, model)))
        .orElse(CodeBlock.of("$T.empty()", Optional.class));
    return arguments(CodeBlock.of("new $T", DATA_BLOCK), List.of(source(d.train(), model), test,
        CodeBlock.of("$L", number(d.testSplit())), CodeBlock.of("$L", d.standardize())));
  }

  /** A source with its paths as the model file wrote them, relative to its folder. */
  private static CodeBlock source(DataSource s, ModelSpec model) {
    if (s instanceof DataSource.TextCsv t) {
      return arguments(CodeBlock.of("new $T.Text", SOURCE), List.of(CodeBlock.of("$T.of($S)", Path.class, t.path()),
          CodeBlock.of("$S", t.text()), CodeBlock.of("$S", t.label()), tokenizer(model)));
    }
    if (s instanceof DataSource.Csv c) {
      return arguments(CodeBlock.of("new $T.Csv", SOURCE), List.of(CodeBlock.of("$T.of($S)", Path.class, c.path()),
          CodeBlock.of("$S", c.label()), CodeBlock.of("$L", number(c.scale()))));
    }
    DataSource.Idx i = (DataSource.Idx) s;
    return arguments(CodeBlock.of("new $T.Idx", SOURCE), List.of(CodeBlock.of("$T.of($S)", Path.class, i.images()),
        CodeBlock.of("$T.of($S)", Path.class, i.labels()), CodeBlock.of("$L", number(i.scale()))));
  }

  /** The runtime Tokenizer of the model's {@code input text(...)}. */
  static CodeBlock tokenizer(ModelSpec model) {
    TokenInput tokens = model.tokens().orElseThrow();
    TokenInput.Text t = tokens.text().orElseThrow();
    return CodeBlock.of("new $T($L, $L, $T.$L, $L)", TOKENIZER, tokens.length(), t.maxTokens(), TOKENIZER_SPLIT,
        t.characters() ? "CHARACTERS" : "WORDS", t.lowercase());
  }

  /**
   * {@code call(} then the arguments, indented, as many a line as fit in {@link #LINE} characters (a nested call or
   * a long path gets its own), then {@code )}.
   */
  private static CodeBlock arguments(CodeBlock call, List<CodeBlock> args) {
    CodeBlock.Builder code = CodeBlock.builder().add("$L(\n", call).indent().indent();
    int column = 0;
    for (int i = 0; i < args.size(); i++) {
      int width = SourceText.width(args.get(i)) + 2;
      boolean nested = args.get(i).toString().contains("\n");
      if (i > 0) {
        boolean fits = !nested && column > 0 && column + width <= LINE;
        code.add(fits ? ", " : ",\n");
        column = fits ? column : 0;
      }
      code.add(args.get(i));
      column = nested ? 0 : (column == 0 ? INDENT : column) + width;
    }
    return code.add(")").unindent().unindent().build();
  }

  /** The longest line an argument list may reach, and where its arguments start. */
  private static final int LINE = 116;
  private static final int INDENT = 10;

  /** The loss as a model file writes it: {@code mse}, {@code huber(delta = 0.5)}. */
  static String loss(Loss loss) {
    return loss.kind().keyword() + (loss.delta() != 0 ? "(delta = " + decimal(loss.delta()) + ")" : "");
  }

  /** A double literal that reads back as exactly {@code v}. */
  private static String number(double v) {
    return Double.toString(v);
  }

  /** {@code 0.01}, {@code 1e-7}: the shortest decimal that reads back as {@code v}. */
  private static String decimal(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
  }
}
