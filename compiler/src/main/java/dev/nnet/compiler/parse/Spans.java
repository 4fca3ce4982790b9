package dev.nnet.compiler.parse;

import dev.nnet.compiler.diag.SourceSpan;
import org.antlr.v4.runtime.Token;

/** Source spans of tokens: 1-based columns, the end on the token's last character. */
final class Spans {
  private Spans() {}

  static SourceSpan of(String file, Token token) {
    int line = Math.max(1, token.getLine());
    int column = Math.max(0, token.getCharPositionInLine()) + 1;
    String text = token.getType() == Token.EOF || token.getText() == null ? "" : token.getText();
    int length = text.isEmpty() || text.contains("\n") || text.contains("\r") ? 1 : text.length();
    return new SourceSpan(file, line, column, line, column + length - 1);
  }

  static SourceSpan of(String file, Token first, Token last) {
    SourceSpan start = of(file, first);
    if (last == null || last.getTokenIndex() < first.getTokenIndex()) {
      return start;
    }
    return start.through(of(file, last));
  }
}
