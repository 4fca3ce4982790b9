package dev.nnet.compiler.parse;

import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.grammar.NnetLexer;
import dev.nnet.grammar.NnetParser;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** Parses model text into a {@link ModelFile}, reporting lexer and parser errors into the given list. */
public final class ModelParser {
  /**
   * The deepest nesting of brackets and parentheses parsed. The parser descends one Java call per level, so a few
   * thousand levels would overflow the stack; no model needs more than a list inside an argument list.
   */
  public static final int MAX_NESTING = 32;

  private ModelParser() {}

  /** Reports the first bracket or parenthesis opened deeper than {@link #MAX_NESTING}; true when there is one. */
  private static boolean nestedTooDeeply(String fileName, CommonTokenStream tokens, Diagnostics diagnostics) {
    tokens.fill();
    int depth = 0;
    for (Token t : tokens.getTokens()) {
      switch (t.getType()) {
        case NnetLexer.LPAREN, NnetLexer.LBRACKET, NnetLexer.LBRACE -> depth++;
        case NnetLexer.RPAREN, NnetLexer.RBRACKET, NnetLexer.RBRACE -> depth = Math.max(0, depth - 1);
        default -> {}
      }
      if (depth > MAX_NESTING) {
        diagnostics.add(
            Diagnostic.error(
                    Codes.NESTED_TOO_DEEPLY,
                    SourceSpan.at(fileName, t.getLine(), t.getCharPositionInLine() + 1),
                    "brackets and parentheses nested more than " + MAX_NESTING + " deep")
                .withHint("a model needs at most a list inside an argument list"));
        return true;
      }
    }
    return false;
  }

  /**
   * Parses {@code source}; never throws on bad input. Statements with syntax errors come back as
   * {@link dev.nnet.compiler.ast.Statement.Broken} so that the checker still sees that they were there.
   */
  public static ModelFile parse(String fileName, String source, Diagnostics diagnostics) {
    // Every statement ends with a newline in the grammar; a last line without one gets it here.
    String text = source.endsWith("\n") || source.endsWith("\r") ? source : source + "\n";
    SyntaxErrors errors = new SyntaxErrors(fileName, source, diagnostics);
    NnetLexer lexer = new NnetLexer(CharStreams.fromString(text, fileName));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors.lexerListener());
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    if (nestedTooDeeply(fileName, tokens, diagnostics)) {
      return new ModelFile(fileName, List.of());
    }
    NnetParser parser = new NnetParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(errors.strategy());
    NnetParser.ModelFileContext tree = parser.modelFile();
    return new AstBuilder(fileName, tokens, diagnostics).build(tree);
  }
}
