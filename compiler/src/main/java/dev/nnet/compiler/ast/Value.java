package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;
import java.util.List;

/** A value in an argument, a setting or a statement. */
public sealed interface Value {
  SourceSpan span();

  /**
   * A number such as {@code 128}, {@code -0.5} or {@code 1e-3}. {@code integral} when written with digits only (and
   * an optional minus), which is what whole-number settings require; {@code text} keeps the digits so that 64-bit
   * seeds are read exactly.
   */
  record NumberLiteral(String text, double value, boolean integral, SourceSpan span) implements Value {}

  /** A fraction such as {@code 1/255}; the denominator is not zero. */
  record Fraction(NumberLiteral numerator, NumberLiteral denominator, SourceSpan span) implements Value {
    public double value() {
      return numerator.value() / denominator.value();
    }
  }

  /** A string with its escapes decoded. */
  record StringLiteral(String value, SourceSpan span) implements Value {}

  /**
   * A window size {@code HxW} such as {@code 3x3}; each part is at most {@link Integer#MAX_VALUE} or -1 when larger;
   * {@code text} is as written (for messages).
   */
  record Size(int height, int width, String text, SourceSpan span) implements Value {}

  /** A bracketed list such as {@code [28, 28, 1]}. */
  record ListValue(List<Value> items, SourceSpan span) implements Value {
    public ListValue {
      items = List.copyOf(items);
    }
  }

  /**
   * A name, with arguments when written with parentheses: {@code relu}, {@code leaky_relu(alpha = 0.1)},
   * {@code adam()}.
   */
  record Call(Identifier name, List<Arg> args, boolean parenthesized, SourceSpan span) implements Value {
    public Call {
      args = List.copyOf(args);
    }
  }
}
