package dev.nnet.compiler.diag;

import java.util.Optional;

/**
 * One problem found in a model file. {@code code} is stable ({@code E0xx} for errors, {@code W0xx} for warnings)
 * so that tests and users can rely on it; the message says what is wrong and what was expected.
 */
public record Diagnostic(Severity severity, String code, String message, SourceSpan span, Optional<String> hint) {

  public static Diagnostic error(String code, SourceSpan span, String message) {
    return new Diagnostic(Severity.ERROR, code, message, span, Optional.empty());
  }

  public static Diagnostic warning(String code, SourceSpan span, String message) {
    return new Diagnostic(Severity.WARNING, code, message, span, Optional.empty());
  }

  public Diagnostic withHint(String text) {
    return new Diagnostic(severity, code, message, span, Optional.of(text));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The first line alone: {@code file:line:col: error[E012]: message}. */
  public String headline() {
    return span.location() + ": " + severity.label() + "[" + code + "]: " + message;
  }

  /**
   * The full rendering: the headline, the offending source line, a caret run under the span (on its first line),
   * and the hint when there is one.
   *
   * <pre>
   * model.nnet:7:1: error[E020]: dense needs a 1-D input, got (None, 28, 28)
   *     7 | dense 128 relu
   *       | ^^^^^
   *   = hint: add `flatten` before this layer
   * </pre>
   */
  public String render(String source) {
    StringBuilder out = new StringBuilder(headline()).append('\n');
    String full = sourceLine(source, span.line());
    if (full != null) {
      // At most SHOWN characters of the line, around the column: a 1 MB line must not be echoed a hundred times.
      int column = Math.max(1, Math.min(span.column(), full.length() + 1));
      int from = full.length() <= SHOWN ? 0 : Math.max(0, Math.min(column - 1 - SHOWN / 2, full.length() - SHOWN));
      int to = Math.min(full.length(), from + SHOWN);
      String line = (from > 0 ? "..." : "") + printable(full.substring(from, to)) + (to < full.length() ? "..." : "");
      int shift = from > 0 ? from - 3 : 0;
      String number = Integer.toString(span.line());
      String gutter = " ".repeat(Math.max(0, 5 - number.length()));
      out.append(gutter).append(number).append(" | ").append(line).append('\n');
      int start = Math.max(1, Math.min(column - shift, line.length() + 1));
      int end = span.endLine() == span.line()
          ? Math.max(Math.min(span.endColumn() - shift, line.length()), start)
          : line.length();
      int width = Math.max(1, Math.min(end, Math.max(line.length(), start)) - start + 1);
      out.append(" ".repeat(5)).append(" | ");
      // Tabs in the prefix stay tabs so the caret lines up in any terminal.
      for (int i = 0; i < start - 1; i++) {
        out.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append("^".repeat(width)).append('\n');
    }
    hint.ifPresent(h -> out.append("  = hint: ").append(h).append('\n'));
    return out.toString();
  }

  /** The most characters of a source line a diagnostic shows. */
  static final int SHOWN = 200;

  /** Control characters (but tabs) as U+FFFD, one for one so that the caret stays aligned. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c != '\t' && Character.isISOControl(c) ? '\uFFFD' : c);
    }
    return out.toString();
  }

  private static String sourceLine(String source, int lineNumber) {
    if (source == null || lineNumber < 1) {
      return null;
    }
    // Found by scanning, not by splitting the whole source for each diagnostic.
    int start = 0;
    for (int line = 1; line < lineNumber; line++) {
      int i = start;
      while (i < source.length() && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
        i++;
      }
      if (i == source.length()) {
        return null;
      }
      start = source.charAt(i) == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n' ? i + 2 : i + 1;
    }
    int end = start;
    while (end < source.length() && source.charAt(end) != '\n' && source.charAt(end) != '\r') {
      end++;
    }
    return source.substring(start, end);
  }
}
