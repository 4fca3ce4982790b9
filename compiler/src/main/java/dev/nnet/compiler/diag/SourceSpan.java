package dev.nnet.compiler.diag;

/**
 * A range of a model file: lines and columns are 1-based, the end is inclusive of its column's character. A
 * problem with the file as a whole (it cannot be read) is at line 1, column 1.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {
  public static SourceSpan at(String file, int line, int column) {
    return new SourceSpan(file, line, column, line, column);
  }

  /** From the start of this span to the end of {@code last}. */
  public SourceSpan through(SourceSpan last) {
    return new SourceSpan(file, line, column, last.endLine, last.endColumn);
  }

  /** {@code file:line:col}, the form IDEs and Maven's log link to. */
  public String location() {
    return file + ":" + line + ":" + column;
  }
}
