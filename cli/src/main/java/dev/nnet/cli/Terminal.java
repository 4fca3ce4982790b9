package dev.nnet.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal, where a progress bar can be redrawn in place. */
final class Terminal {
  private Terminal() {}

  /**
   * True when both standard input and output are a terminal and the terminal is not {@code TERM=dumb}: a CI log
   * or a redirected output gets plain lines. Java 17 returns no console when either stream is redirected; from Java
   * 22 a console always exists and {@code Console.isTerminal()} tells, so it is asked for when present.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** The terminal's width in columns: {@code $COLUMNS} when the shell exports it, else 80. */
  static int columns() {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        int n = Integer.parseInt(columns.trim());
        if (n >= 40 && n <= 1000) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the default
      }
    }
    return 80;
  }
}
