package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Arg;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of a layer, call or source bound to its parameters, Python style: the first {@code positional}
 * parameters may be given by position, in order, and any parameter by name. Binding reports unknown, duplicate
 * and surplus arguments; the typed getters report wrong kinds and out-of-range values and return a fallback, so
 * checking goes on. {@link #failed()} says whether anything was reported.
 */
public final class Arguments {
  private final String owner;
  private final String noun;
  private final SourceSpan ownerSpan;
  private final Diagnostics diagnostics;
  private final Map<String, Value> bound = new LinkedHashMap<>();
  private boolean failed;

  private Arguments(String owner, String noun, SourceSpan ownerSpan, Diagnostics diagnostics) {
    this.owner = owner;
    this.noun = noun;
    this.ownerSpan = ownerSpan;
    this.diagnostics = diagnostics;
  }

  public static Arguments bind(
      String owner, SourceSpan ownerSpan, List<Arg> args, List<String> parameters, int positional, Diagnostics d) {
    return bind(owner, "argument", ownerSpan, args, parameters, positional, d);
  }

  /** As {@link #bind(String, SourceSpan, List, List, int, Diagnostics)}, calling the parameters {@code noun}s. */
  public static Arguments bind(
      String owner,
      String noun,
      SourceSpan ownerSpan,
      List<Arg> args,
      List<String> parameters,
      int positional,
      Diagnostics d) {
    Arguments a = new Arguments(owner, noun, ownerSpan, d);
    boolean seenNamed = false;
    int position = 0;
    for (Arg arg : args) {
      String name;
      if (arg.name().isPresent()) {
        seenNamed = true;
        name = arg.name().get().text();
        if (!parameters.contains(name)) {
          Diagnostic e =
              Diagnostic.error(
                  Codes.UNKNOWN_ARGUMENT,
                  arg.name().get().span(),
                  "`" + owner + "` has no " + noun + " `" + Names.shorten(name) + "`");
          a.report(
              parameters.isEmpty()
                  ? e.withHint("`" + owner + "` takes no " + noun + "s")
                  : e.withHint(
                      Suggestions.closest(name, parameters)
                          .map(s -> "did you mean `" + s + "`?")
                          .orElse("its " + noun + "s are " + list(parameters))));
          continue;
        }
      } else if (seenNamed) {
        a.report(
            Diagnostic.error(
                    Codes.POSITIONAL_AFTER_NAMED, arg.span(), "positional argument after a named one")
                .withHint("put positional arguments first, or name this one"));
        continue;
      } else if (position >= positional) {
        String message =
            positional == 0
                ? "`" + owner + "` takes no positional arguments"
                : "`" + owner + "` takes at most " + positional + " positional argument" + (positional == 1 ? "" : "s")
                    + " (" + list(parameters.subList(0, positional)) + ")";
        Diagnostic e = Diagnostic.error(Codes.TOO_MANY_ARGUMENTS, arg.span(), message);
        a.report(
            parameters.size() > positional
                ? e.withHint("name the others, e.g. `" + parameters.get(positional) + " = ...`")
                : e);
        position++;
        continue;
      } else {
        name = parameters.get(position++);
      }
      if (a.bound.containsKey(name)) {
        a.report(
            Diagnostic.error(
                Codes.DUPLICATE, arg.span(), "`" + owner + "` gets `" + name + "` twice")
                .withHint("remove one of them"));
        continue;
      }
      a.bound.put(name, arg.value());
    }
    return a;
  }

  private static String list(List<String> names) {
    return "`" + String.join("`, `", names) + "`";
  }

  public boolean failed() {
    return failed;
  }

  /** Records that a problem with these arguments was reported elsewhere (an unknown activation). */
  public void markFailed() {
    failed = true;
  }

  public void report(Diagnostic d) {
    failed = true;
    diagnostics.add(d);
  }

  public boolean has(String name) {
    return bound.containsKey(name);
  }

  public Optional<Value> value(String name) {
    return Optional.ofNullable(bound.get(name));
  }

  /** Reports that a required parameter is missing, naming an example. */
  public void requireAll(String... names) {
    for (String name : names) {
      if (!bound.containsKey(name)) {
        report(
            Diagnostic.error(Codes.MISSING_ARGUMENT, ownerSpan, "`" + owner + "` needs `" + name + "`"));
      }
    }
  }

  /** A number in {@code range}, or {@code fallback}. */
  public double number(String name, double fallback, Range range) {
    Value v = bound.get(name);
    if (v == null) {
      return fallback;
    }
    Optional<Double> x = Values.number(v);
    if (x.isEmpty()) {
      wrongType(name, v, "a number");
      return fallback;
    }
    if (!Double.isFinite(x.get())) {
      // 1e308/1e-308 overflows: saying it "must be greater than 0" would be wrong.
      report(
          Diagnostic.error(
              Codes.BAD_NUMBER, v.span(), owner + " " + name + " " + Values.text(v) + " is "
                  + (Double.isNaN(x.get()) ? "not a number" : "too large: it overflows to infinity")));
      return fallback;
    }
    if (!range.contains(x.get())) {
      outOfRange(name, v, range);
      return fallback;
    }
    return x.get();
  }

  /** A whole number in {@code range}, or {@code fallback}. */
  public int integer(String name, int fallback, Range range) {
    Value v = bound.get(name);
    if (v == null) {
      return fallback;
    }
    return integerValue(name, v, range).orElse(fallback);
  }

  public Optional<Integer> integerValue(String name, Value v, Range range) {
    if (!(v instanceof Value.NumberLiteral n) || !n.integral()) {
      wrongType(name, v, "a whole number");
      return Optional.empty();
    }
    if (!range.contains(n.value())) {
      outOfRange(name, v, range);
      return Optional.empty();
    }
    if (n.value() > Integer.MAX_VALUE) {
      report(
          Diagnostic.error(
              Codes.OUT_OF_RANGE, v.span(), owner + " " + name + " is too large, got " + Values.text(v)));
      return Optional.empty();
    }
    return Optional.of((int) n.value());
  }

  /** {@code true} or {@code false}, or {@code fallback}. */
  public boolean bool(String name, boolean fallback) {
    Value v = bound.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Value.Call c && !c.parenthesized()) {
      switch (c.name().text()) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          break;
      }
    }
    wrongType(name, v, "`true` or `false`");
    return fallback;
  }

  /** A text: a string, or a bare name. */
  public Optional<String> text(String name) {
    Value v = bound.get(name);
    if (v == null) {
      return Optional.empty();
    }
    Optional<String> s = Values.name(v);
    if (s.isEmpty()) {
      wrongType(name, v, "a string");
    }
    return s;
  }

  /** A string literal (a file path), or empty after reporting. */
  public Optional<String> path(String name) {
    Value v = bound.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Value.StringLiteral s) || s.value().isBlank()) {
      wrongType(name, v, "a file path in quotes");
      return Optional.empty();
    }
    return Optional.of(s.value());
  }

  public void wrongType(String name, Value v, String expected) {
    report(
        Diagnostic.error(
            Codes.WRONG_TYPE,
            v.span(),
            owner + " " + name + " must be " + expected + ", got " + Values.kind(v) + " `" + Values.text(v) + "`"));
  }

  public void outOfRange(String name, Value v, Range range) {
    report(
        Diagnostic.error(
            Codes.OUT_OF_RANGE,
            v.span(),
            owner + " " + name + " must be " + range.words() + ", got " + Values.text(v)));
  }
}
