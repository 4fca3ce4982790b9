package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Value;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reading syntax values as numbers, names and text, without reporting; the callers word the errors. */
public final class Values {
  private Values() {}

  /** The value as written, for messages, cut to 40 characters. */
  public static String text(Value v) {
    String text;
    if (v instanceof Value.NumberLiteral n) {
      text = n.text();
    } else if (v instanceof Value.Fraction f) {
      text = f.numerator().text() + "/" + f.denominator().text();
    } else if (v instanceof Value.StringLiteral s) {
      text = "\"" + s.value() + "\"";
    } else if (v instanceof Value.Size s) {
      text = s.text();
    } else if (v instanceof Value.ListValue l) {
      text = l.items().stream().map(Values::text).collect(Collectors.joining(", ", "[", "]"));
    } else {
      Value.Call c = (Value.Call) v;
      text = c.name().text() + (c.parenthesized() ? "(...)" : "");
    }
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /** What kind of value it is, for "must be a number, got a name". */
  public static String kind(Value v) {
    if (v instanceof Value.NumberLiteral n) {
      return n.integral() ? "a whole number" : "a number";
    } else if (v instanceof Value.Fraction) {
      return "a fraction";
    } else if (v instanceof Value.StringLiteral) {
      return "a string";
    } else if (v instanceof Value.Size) {
      return "a size";
    } else if (v instanceof Value.ListValue) {
      return "a list";
    }
    return ((Value.Call) v).parenthesized() ? "a call" : "a name";
  }

  /** A number or a fraction. */
  public static Optional<Double> number(Value v) {
    if (v instanceof Value.NumberLiteral n) {
      return Optional.of(n.value());
    } else if (v instanceof Value.Fraction f) {
      return Optional.of(f.value());
    }
    return Optional.empty();
  }

  /** A bare name ({@code relu}) or a string ({@code "relu"}), as Keras users write both. */
  public static Optional<String> name(Value v) {
    if (v instanceof Value.Call c && !c.parenthesized()) {
      return Optional.of(c.name().text());
    } else if (v instanceof Value.StringLiteral s) {
      return Optional.of(s.value());
    }
    return Optional.empty();
  }
}
