package dev.nnet.compiler.javac;

import java.util.List;

/**
 * javac rejected generated sources, or their classes could not be loaded or instantiated. The message carries
 * javac's own messages ({@code Model.java:12:5: error: ...}), one per line.
 */
public final class ModelCompilationException extends RuntimeException {
  private final List<String> diagnostics;

  public ModelCompilationException(String message, List<String> diagnostics) {
    super(diagnostics.isEmpty() ? message : message + "\n" + String.join("\n", diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public ModelCompilationException(String message, Throwable cause) {
    super(message, cause);
    this.diagnostics = List.of();
  }

  /** javac's messages, each {@code file:line:column: kind: message}; empty when javac was not the problem. */
  public List<String> diagnostics() {
    return diagnostics;
  }
}
