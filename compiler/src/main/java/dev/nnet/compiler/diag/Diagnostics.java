package dev.nnet.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one list that the lexer, parser and checker report into. It keeps at most {@link #LIMIT} errors (then one
 * {@code E009} saying the rest are not shown), so that a file of random bytes gives a readable answer in bounded
 * time. {@link #sorted()} gives them in source order.
 */
public final class Diagnostics {
  /** Errors kept before giving up, as javac does at 100. */
  public static final int LIMIT = 100;

  private final List<Diagnostic> list = new ArrayList<>();
  private int errors;
  private boolean truncated;

  public void add(Diagnostic d) {
    if (d.isError()) {
      if (errors >= LIMIT) {
        if (!truncated) {
          truncated = true;
          list.add(Diagnostic.error(Codes.TOO_MANY_ERRORS, d.span(), "too many errors; the rest are not shown"));
        }
        return;
      }
      errors++;
    } else if (truncated) {
      return;
    }
    list.add(d);
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  public int errorCount() {
    return errors;
  }

  /**
   * Every diagnostic in source order (by line, then column; reports at the same place keep the order they were
   * made in). The {@code E009} note stays last.
   */
  public List<Diagnostic> sorted() {
    // A line the parser could not read gets its syntax error only: whatever else was said about it is an echo
    // of the parser's recovery, and becomes clear once the line is fixed.
    java.util.Set<Integer> unreadable = new java.util.HashSet<>();
    for (Diagnostic d : list) {
      if (d.code().equals(Codes.SYNTAX) || d.code().equals(Codes.UNTERMINATED_STRING)) {
        unreadable.add(d.span().line());
      }
    }
    List<Diagnostic> copy = new ArrayList<>();
    for (Diagnostic d : list) {
      if (d.code().compareTo("E010") < 0 || !unreadable.contains(d.span().line())) {
        copy.add(d);
      }
    }
    copy.sort(
        Comparator.comparing((Diagnostic d) -> d.code().equals(Codes.TOO_MANY_ERRORS))
            .thenComparingInt(d -> d.span().line())
            .thenComparingInt(d -> d.span().column()));
    return List.copyOf(copy);
  }
}
