package dev.nnet.cli;

/**
 * A problem the user can fix (a bad model file, data file or option), already worded for them. The command line
 * prints its message alone, never a stack trace, and exits with {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserError(String message) {
    this(message, Main.EXIT_INPUT_ERROR);
  }

  public UserError(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
