package dev.nnet.runtime.io;

/**
 * Text from an input quoted in a message: at most {@link #LIMIT} characters, control characters escaped. A message
 * about a 200 MB line, or one holding terminal escape sequences, must neither flood nor drive the terminal.
 */
public final class Excerpt {
  /** The most characters of an input a message quotes. */
  public static final int LIMIT = 200;

  private Excerpt() {}

  /** {@code text} cut to {@link #LIMIT} characters (saying how many more there were), control characters escaped. */
  public static String of(CharSequence text) {
    int n = Math.min(text.length(), LIMIT);
    StringBuilder out = new StringBuilder(n + 32);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > n) {
      out.append("... (").append(String.format("%,d", text.length() - n)).append(" more characters)");
    }
    return out.toString();
  }
}
