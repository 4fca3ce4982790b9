package dev.nnet.compiler.ast;

import java.util.List;

/** A parsed model file: its statements in order. */
public record ModelFile(String fileName, List<Statement> statements) {
  public ModelFile {
    statements = List.copyOf(statements);
  }
}
