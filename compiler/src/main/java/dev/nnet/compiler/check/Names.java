package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Looking up names (activations, losses, initializers, ...) with "did you mean" when they are unknown. */
public final class Names {
  private Names() {}

  /** The table of an enum's keywords, in declaration order. */
  public static <E extends Enum<E>> Map<String, E> table(E[] values, Function<E, String> keyword) {
    Map<String, E> table = new LinkedHashMap<>();
    for (E e : values) {
      table.put(keyword.apply(e), e);
    }
    return table;
  }

  /** {@code text} in {@code table}, or empty after reporting "unknown {what}" with a suggestion. */
  public static <E> Optional<E> lookup(String what, String text, SourceSpan span, Map<String, E> table, Diagnostics d) {
    E found = table.get(text);
    if (found != null) {
      return Optional.of(found);
    }
    d.add(unknown(what, text, span, List.copyOf(table.keySet())));
    return Optional.empty();
  }

  public static Diagnostic unknown(String what, String text, SourceSpan span, List<String> known) {
    Diagnostic e =
        Diagnostic.error(Codes.UNKNOWN_NAME, span, "unknown " + what + " `" + shorten(text) + "`");
    return e.withHint(
        Suggestions.closest(text, known)
            .map(s -> "did you mean `" + s + "`?")
            .orElse("expected one of `" + String.join("`, `", known) + "`"));
  }

  public static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static final Map<String, ActivationKind> ACTIVATIONS =
      table(ActivationKind.values(), ActivationKind::keyword);

  /**
   * An activation: a name such as {@code relu}, or {@code leaky_relu(alpha = 0.1)} / {@code elu(alpha = 1.0)}
   * with their parameter. Empty after reporting.
   */
  public static Optional<Activation> activation(String owner, Value v, Diagnostics d) {
    Value.Call call;
    if (v instanceof Value.Call c) {
      call = c;
    } else if (v instanceof Value.StringLiteral s) {
      call = new Value.Call(new dev.nnet.compiler.ast.Identifier(s.value(), s.span()), List.of(), false, s.span());
    } else {
      d.add(
          Diagnostic.error(
              Codes.WRONG_TYPE,
              v.span(),
              owner + " activation must be a name such as `relu`, got " + Values.kind(v) + " `" + Values.text(v) + "`"));
      return Optional.empty();
    }
    Optional<ActivationKind> kind =
        lookup("activation", call.name().text(), call.name().span(), ACTIVATIONS, d);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    ActivationKind.Alpha takes = kind.get().alpha();
    Arguments args =
        Arguments.bind(
            kind.get().keyword(), call.span(), call.args(), takes != null ? List.of("alpha") : List.of(),
            takes != null ? 1 : 0, d);
    double alpha =
        takes != null
            ? args.number("alpha", takes.defaultValue(), takes.positive() ? Range.above(0) : Range.atLeast(0))
            : 0;
    return args.failed() ? Optional.empty() : Optional.of(new Activation(kind.get(), alpha));
  }
}
