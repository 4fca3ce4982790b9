package dev.nnet.compiler.parse;

import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import dev.nnet.grammar.NnetLexer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's lexer and parser errors into diagnostics with messages in the user's terms ("expected a value,
 * found `)`") instead of ANTLR's token sets. ANTLR's recovery is kept (it resynchronises at the end of the line);
 * at most one syntax error per line is reported, since the rest of a broken line is usually its echo.
 */
final class SyntaxErrors {
  private static final int[] STATEMENT_KEYWORDS = {
    NnetLexer.MODEL, NnetLexer.PACKAGE, NnetLexer.PRECISION, NnetLexer.INPUT, NnetLexer.LOSS, NnetLexer.METRICS,
    NnetLexer.OPTIMIZER, NnetLexer.TRAIN, NnetLexer.DATA
  };
  private static final int[] NAME_TOKENS = {
    NnetLexer.IDENT, NnetLexer.MODEL, NnetLexer.PACKAGE, NnetLexer.PRECISION, NnetLexer.INPUT, NnetLexer.LOSS,
    NnetLexer.METRICS, NnetLexer.OPTIMIZER, NnetLexer.TRAIN, NnetLexer.DATA, NnetLexer.TEST, NnetLexer.SPLIT,
    NnetLexer.SCALE, NnetLexer.STANDARDIZE
  };
  private static final int[] VALUE_STARTS = {
    NnetLexer.NUMBER, NnetLexer.MINUS, NnetLexer.STRING, NnetLexer.SIZE, NnetLexer.LBRACKET, NnetLexer.IDENT
  };

  private final String file;
  private final String source;
  private final Diagnostics diagnostics;
  private final Set<Integer> linesWithSyntaxError = new HashSet<>();
  private final Set<Integer> linesWithBadCharacter = new HashSet<>();

  SyntaxErrors(String file, String source, Diagnostics diagnostics) {
    this.file = file;
    this.source = source;
    this.diagnostics = diagnostics;
  }

  /** The listener for the lexer: characters that start no token. */
  BaseErrorListener lexerListener() {
    return new BaseErrorListener() {
      @Override
      public void syntaxError(
          Recognizer<?, ?> recognizer, Object symbol, int line, int column, String msg, RecognitionException e) {
        if (!linesWithBadCharacter.add(line)) {
          return;
        }
        Lexer lexer = (Lexer) recognizer;
        int at = lexer._tokenStartCharIndex;
        String text = at < lexer.getInputStream().size() ? lexer.getInputStream().getText(Interval.of(at, at)) : "";
        diagnostics.add(
            Diagnostic.error(
                Codes.BAD_CHARACTER,
                SourceSpan.at(file, line, column + 1),
                "unexpected character " + describeCharacter(text)));
      }
    };
  }

  /** The error strategy for the parser: ANTLR's recovery with our messages. */
  DefaultErrorStrategy strategy() {
    return new DefaultErrorStrategy() {
      @Override
      protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
      }

      @Override
      protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
      }

      @Override
      protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
          return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
      }

      @Override
      protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
          return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
      }
    };
  }

  private void report(Parser parser, Token offending, IntervalSet expected) {
    SourceSpan span = offending.getType() == Token.EOF ? endOfFile() : Spans.of(file, offending);
    if (!linesWithSyntaxError.add(span.line())) {
      return;
    }
    if (offending.getType() == NnetLexer.UNTERMINATED_STRING) {
      diagnostics.add(
          Diagnostic.error(Codes.UNTERMINATED_STRING, span, "this string has no closing quote")
              .withHint("strings end on the line they start: add `\"`"));
      return;
    }
    Vocabulary vocabulary = parser.getVocabulary();
    Diagnostic d =
        Diagnostic.error(
            Codes.SYNTAX, span, "expected " + describe(expected, vocabulary) + ", found " + describe(offending));
    if (offending.getType() == NnetLexer.IDENT) {
      List<String> keywords = new ArrayList<>();
      for (int type : expected.toList()) {
        String literal = vocabulary.getLiteralName(type);
        if (literal != null && Character.isLetter(literal.charAt(1))) {
          keywords.add(literal.substring(1, literal.length() - 1));
        }
      }
      Optional<String> suggestion = Suggestions.closest(offending.getText(), keywords);
      if (suggestion.isPresent()) {
        d = d.withHint("did you mean `" + suggestion.get() + "`?");
      }
    }
    diagnostics.add(d);
  }

  /** Where "found end of file" points: just after the last character that is not white space. */
  private SourceSpan endOfFile() {
    int end = source.length();
    while (end > 0 && Character.isWhitespace(source.charAt(end - 1))) {
      end--;
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return SourceSpan.at(file, line, end - lineStart + 1);
  }

  /** The expected tokens in words, groups first: "a layer or a statement", "a value", "a name", then the rest. */
  static String describe(IntervalSet expected, Vocabulary vocabulary) {
    Set<Integer> left = new HashSet<>(expected.toList());
    List<String> items = new ArrayList<>();
    if (containsAll(left, VALUE_STARTS) && containsAll(left, NAME_TOKENS)) {
      items.add("a value");
      removeAll(left, VALUE_STARTS);
      removeAll(left, NAME_TOKENS);
    } else if (containsAll(left, NAME_TOKENS)) {
      items.add("a name");
      removeAll(left, NAME_TOKENS);
    } else if (left.contains(NnetLexer.IDENT) && containsAll(left, STATEMENT_KEYWORDS)) {
      items.add("a layer or a statement such as `input`, `loss` or `optimizer`");
      removeAll(left, STATEMENT_KEYWORDS);
      left.remove(NnetLexer.IDENT);
    } else if (left.remove(NnetLexer.IDENT)) {
      items.add("a name");
    }
    boolean endOfLine = left.remove(NnetLexer.NL);
    boolean endOfFile = left.remove(Token.EOF);
    left.stream().sorted().forEach(type -> items.add(tokenName(type, vocabulary)));
    if (endOfLine) {
      items.add("end of line");
    }
    if (endOfFile && items.isEmpty()) {
      items.add("end of file");
    }
    if (items.isEmpty()) {
      return "something else";
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
  }

  private static String tokenName(int type, Vocabulary vocabulary) {
    return switch (type) {
      case NnetLexer.NUMBER -> "a number";
      case NnetLexer.STRING -> "a string";
      case NnetLexer.SIZE -> "a size such as 3x3";
      default -> {
        String literal = vocabulary.getLiteralName(type);
        yield literal != null ? "`" + literal.substring(1, literal.length() - 1) + "`" : vocabulary.getDisplayName(type);
      }
    };
  }

  /** What was found, as the user wrote it. */
  static String describe(Token token) {
    return switch (token.getType()) {
      case Token.EOF -> "end of file";
      case NnetLexer.NL -> "end of line";
      default -> "`" + shorten(token.getText()) + "`";
    };
  }

  private static String describeCharacter(String text) {
    if (text.isEmpty()) {
      return "at end of file";
    }
    int c = text.codePointAt(0);
    if (Character.isISOControl(c) || !Character.isDefined(c) || Character.isWhitespace(c)
        || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE) {
      return String.format(java.util.Locale.ROOT, "U+%04X", c);
    }
    return "`" + text + "`";
  }

  /** The text with control characters spelt out, cut to 40 characters. */
  static String shorten(String text) {
    StringBuilder out = new StringBuilder();
    int[] codePoints = text.codePoints().toArray();
    for (int i = 0; i < Math.min(40, codePoints.length); i++) {
      int c = codePoints[i];
      out.append(Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "U+%04X", c) : Character.toString(c));
    }
    return codePoints.length > 40 ? out + "..." : out.toString();
  }

  private static boolean containsAll(Set<Integer> set, int[] types) {
    for (int t : types) {
      if (!set.contains(t)) {
        return false;
      }
    }
    return true;
  }

  private static void removeAll(Set<Integer> set, int[] types) {
    for (int t : types) {
      set.remove(t);
    }
  }
}
