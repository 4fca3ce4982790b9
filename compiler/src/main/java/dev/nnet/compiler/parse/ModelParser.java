package dev.nnet.compiler.parse;

import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.grammar.NnetLexer;
import dev.nnet.grammar.NnetParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Parses model text into a {@link ModelFile}, reporting lexer and parser errors into the given list. */
public final class ModelParser {
  private ModelParser() {}

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
    NnetParser parser = new NnetParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(errors.strategy());
    NnetParser.ModelFileContext tree = parser.modelFile();
    return new AstBuilder(fileName, tokens, diagnostics).build(tree);
  }
}
