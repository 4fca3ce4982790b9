package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Identifier;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The statements that name and shape a model: {@code model} (the Java class name), {@code package}, {@code
 * precision} and {@code input}. Part of {@link Checker}; reports into its diagnostics.
 */
final class HeaderChecker {
  private static final Map<String, Precision> PRECISIONS =
      Names.table(Precision.values(), p -> p.name().toLowerCase(Locale.ROOT));

  private final Diagnostics diagnostics;
  private final SourceSpan top;

  HeaderChecker(Diagnostics diagnostics, SourceSpan top) {
    this.diagnostics = diagnostics;
    this.top = top;
  }

  /** The splits by name, in a fixed order (a hint lists them): characters (true), then words. */
  private static final Map<String, Boolean> SPLITS = new java.util.LinkedHashMap<>();

  static {
    SPLITS.put(TokenInput.splitKeyword(true), true);
    SPLITS.put(TokenInput.splitKeyword(false), false);
  }

  /** What the model's token ids are, after {@link #input} read {@code input tokens(...)} or {@code input text(...)}. */
  private Optional<TokenInput> tokens = Optional.empty();

  Optional<TokenInput> tokens() {
    return tokens;
  }

  /**
   * {@code tokens(length = 20)} or {@code text(max_length = 20, max_tokens = 5000, split = "characters",
   * lowercase = true)}: Shape [length], and {@link #tokens} says what the ids are. {@code max_tokens} counts the
   * padding (0) and the out-of-vocabulary id (1), as Keras' TextVectorization does; its default is 20,000.
   */
  private Optional<Shape> tokenInput(Value.Call call) {
    String kind = call.name().text();
    boolean text = kind.equals("text");
    if (!text && !kind.equals("tokens")) {
      diagnostics.add(Names.unknown("input kind", kind, call.name().span(), List.of("tokens", "text")));
      return Optional.empty();
    }
    List<String> parameters = text ? List.of("max_length", "max_tokens", "split", "lowercase") : List.of("length");
    Arguments args = Arguments.bind("input " + kind, call.name().span(), call.args(), parameters, 0, diagnostics);
    String lengthName = text ? "max_length" : "length";
    args.requireAll(lengthName);
    int length = args.integer(lengthName, 0, Range.atLeast(1));
    if (!text) {
      if (args.failed() || length == 0) {
        return Optional.empty();
      }
      tokens = Optional.of(new TokenInput(length, Optional.empty()));
      return Optional.of(Shape.of(length));
    }
    int maxTokens = args.integer("max_tokens", 20000, Range.atLeast(3));
    if (maxTokens > Limits.EXACT_FLOAT_IDS) {
      args.report(
          Diagnostic.error(
                  Codes.TOKEN_IDS_INEXACT, args.value("max_tokens").orElseThrow().span(),
                  "max_tokens " + maxTokens + " is more ids than a float32 input carries exactly (at most "
                      + Limits.EXACT_FLOAT_IDS + ")")
              .withHint("lower max_tokens; rarer tokens become the out-of-vocabulary id 1"));
    }
    boolean characters = true;
    Optional<Value> split = args.value("split");
    if (split.isPresent()) {
      Optional<String> name = Values.name(split.get());
      if (name.isEmpty()) {
        args.wrongType("split", split.get(), "\"characters\" or \"words\"");
      } else {
        Optional<Boolean> found = Names.lookup("split", name.get(), split.get().span(), SPLITS, diagnostics);
        found.ifPresentOrElse(c -> {}, args::markFailed);
        characters = found.orElse(true);
      }
    }
    boolean lowercase = args.bool("lowercase", true);
    if (args.failed() || length == 0) {
      return Optional.empty();
    }
    tokens = Optional.of(new TokenInput(length, Optional.of(new TokenInput.Text(maxTokens, characters, lowercase))));
    return Optional.of(Shape.of(length));
  }

  Optional<String> modelName(Statement s) {
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
  Optional<String> notAPackage(String name, String javaPackage, Statement.ModelDecl m) {
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

  static String suggestClassName(String name) {
    String capital = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    boolean taken =
        capital.equals(name) || JavaNames.JAVA_LANG.contains(capital) || JavaNames.KEYWORDS.contains(capital);
    return taken ? capital + "Model" : capital;
  }

  String javaPackage(Statement s) {
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

  Precision precision(Statement s) {
    if (s instanceof Statement.PrecisionDecl p) {
      return Names.lookup("precision", p.value().text(), p.value().span(), PRECISIONS, diagnostics)
          .orElse(Precision.FLOAT32);
    }
    return Precision.FLOAT32;
  }

  Optional<Shape> input(Statement s) {
    if (s == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_INPUT, top, "the model has no `input` statement")
              .withHint("declare the shape of one sample before the first layer, e.g. `input [4]` or `input [28, 28, 1]`"));
      return Optional.empty();
    }
    if (!(s instanceof Statement.InputDecl in)) {
      return Optional.empty();
    }
    if (in.shape() instanceof Value.Call call && call.parenthesized()) {
      return tokenInput(call);
    }
    if (!(in.shape() instanceof Value.ListValue list)) {
      diagnostics.add(
          Diagnostic.error(
                  Codes.WRONG_TYPE,
                  in.shape().span(),
                  "input must be a shape in brackets, got " + Values.kind(in.shape()) + " `" + Values.text(in.shape()) + "`")
              .withHint("write e.g. `input [4]`, `input [28, 28, 1]`, `input tokens(length = 20)` or"
                  + " `input text(max_length = 20, max_tokens = 5000)`"));
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
}
