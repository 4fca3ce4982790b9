package dev.nnet.compiler.diag;

/** How serious a diagnostic is: an error stops code generation, a warning does not. */
public enum Severity {
  ERROR("error"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** As printed: {@code error} or {@code warning}. */
  public String label() {
    return label;
  }
}
