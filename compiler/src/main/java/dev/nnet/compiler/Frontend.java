package dev.nnet.compiler;

import java.nio.file.Path;

/**
 * The front end's entry point: a model file in, a {@link CheckResult} out. Never throws on bad input: unreadable
 * files, lexer, parser and checker problems all become diagnostics.
 */
public final class Frontend {
  private Frontend() {}

  /** Reads and checks a model file; the diagnostics name it as given. */
  public static CheckResult check(Path file) {
    throw new UnsupportedOperationException("front end not merged yet");
  }

  /** Checks model text; {@code fileName} is what diagnostics and the generated header call it. */
  public static CheckResult check(String fileName, String source) {
    throw new UnsupportedOperationException("front end not merged yet");
  }
}
