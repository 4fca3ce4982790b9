package dev.nnet.compiler.parse;

import dev.nnet.compiler.ast.Arg;
import dev.nnet.compiler.ast.DataEntry;
import dev.nnet.compiler.ast.Identifier;
import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.ast.Setting;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.grammar.NnetBaseVisitor;
import dev.nnet.grammar.NnetLexer;
import dev.nnet.grammar.NnetParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns the parse tree into syntax records. Each {@code visitX} builds one record; no ANTLR type leaves this
 * class. A statement containing a syntax error (already reported) becomes {@link Statement.Broken}; a block keeps
 * its readable entries and drops the broken ones. String escapes and number ranges are checked here, the last
 * place that sees the raw text.
 */
final class AstBuilder extends NnetBaseVisitor<Object> {
  private final String file;
  private final TokenStream tokens;
  private final Diagnostics diagnostics;

  AstBuilder(String file, TokenStream tokens, Diagnostics diagnostics) {
    this.file = file;
    this.tokens = tokens;
    this.diagnostics = diagnostics;
  }

  ModelFile build(NnetParser.ModelFileContext tree) {
    List<Statement> statements = new ArrayList<>();
    if (tree instanceof NnetParser.FileContext f) {
      for (NnetParser.StatementContext s : f.statement()) {
        statements.add(statement(s));
      }
    }
    return new ModelFile(file, statements);
  }

  private Statement statement(NnetParser.StatementContext ctx) {
    if (ctx.getClass() == NnetParser.StatementContext.class
        || !(ctx instanceof NnetParser.TrainStatementContext || ctx instanceof NnetParser.DataStatementContext)
            && hasErrors(ctx)) {
      return new Statement.Broken(ctx.start.getType() == Token.EOF ? "" : ctx.start.getText(), statementSpan(ctx));
    }
    return (Statement) visit(ctx);
  }

  @Override
  public Statement visitModelStatement(NnetParser.ModelStatementContext ctx) {
    return new Statement.ModelDecl(identifier(ctx.ident()), statementSpan(ctx));
  }

  @Override
  public Statement visitPackageStatement(NnetParser.PackageStatementContext ctx) {
    return new Statement.PackageDecl(ctx.ident().stream().map(this::identifier).toList(), statementSpan(ctx));
  }

  @Override
  public Statement visitPrecisionStatement(NnetParser.PrecisionStatementContext ctx) {
    return new Statement.PrecisionDecl(identifier(ctx.ident()), statementSpan(ctx));
  }

  @Override
  public Statement visitInputStatement(NnetParser.InputStatementContext ctx) {
    return new Statement.InputDecl(value(ctx.value()), statementSpan(ctx));
  }

  @Override
  public Statement visitLossStatement(NnetParser.LossStatementContext ctx) {
    return new Statement.LossDecl(call(ctx.call()), statementSpan(ctx));
  }

  @Override
  public Statement visitMetricsStatement(NnetParser.MetricsStatementContext ctx) {
    return new Statement.MetricsDecl(ctx.call().stream().map(this::call).toList(), statementSpan(ctx));
  }

  @Override
  public Statement visitOptimizerStatement(NnetParser.OptimizerStatementContext ctx) {
    return new Statement.OptimizerDecl(call(ctx.call()), statementSpan(ctx));
  }

  @Override
  public Statement visitTrainStatement(NnetParser.TrainStatementContext ctx) {
    List<Setting> settings = new ArrayList<>();
    for (NnetParser.SettingContext s : ctx.setting()) {
      if (s.getClass() != NnetParser.SettingContext.class && !hasErrors(s)) {
        settings.add((Setting) visit(s));
      }
    }
    return new Statement.TrainBlock(settings, statementSpan(ctx));
  }

  @Override
  public Setting visitValueSetting(NnetParser.ValueSettingContext ctx) {
    return new Setting.ValueSetting(identifier(ctx.ident()), value(ctx.value()), span(ctx));
  }

  @Override
  public Setting visitCallSetting(NnetParser.CallSettingContext ctx) {
    return new Setting.CallSetting(identifier(ctx.ident()), arguments(ctx.arguments()), span(ctx));
  }

  @Override
  public Statement visitDataStatement(NnetParser.DataStatementContext ctx) {
    List<DataEntry> entries = new ArrayList<>();
    for (NnetParser.DataEntryContext e : ctx.dataEntry()) {
      if (e.getClass() != NnetParser.DataEntryContext.class && !hasErrors(e)) {
        entries.add((DataEntry) visit(e));
      } else {
        entries.add(new DataEntry.Broken(e.start.getType() == Token.EOF ? "" : e.start.getText(), span(e)));
      }
    }
    return new Statement.DataBlock(entries, statementSpan(ctx));
  }

  @Override
  public DataEntry visitTrainData(NnetParser.TrainDataContext ctx) {
    return new DataEntry.SourceEntry(
        false, source(ctx.source()), Optional.ofNullable(ctx.value()).map(this::value), span(ctx));
  }

  @Override
  public DataEntry visitTestData(NnetParser.TestDataContext ctx) {
    return new DataEntry.SourceEntry(
        true, source(ctx.source()), Optional.ofNullable(ctx.value()).map(this::value), span(ctx));
  }

  @Override
  public DataEntry visitTestSplitData(NnetParser.TestSplitDataContext ctx) {
    return new DataEntry.TestSplit(value(ctx.value()), span(ctx));
  }

  @Override
  public DataEntry visitStandardizeData(NnetParser.StandardizeDataContext ctx) {
    return new DataEntry.Standardize(span(ctx));
  }

  @Override
  public DataEntry visitUnknownData(NnetParser.UnknownDataContext ctx) {
    return new DataEntry.Unknown(
        new Identifier(ctx.IDENT().getText(), Spans.of(file, ctx.IDENT().getSymbol())), span(ctx));
  }

  @Override
  public Statement visitLayerStatement(NnetParser.LayerStatementContext ctx) {
    return new Statement.LayerDecl(
        new Identifier(ctx.IDENT().getText(), Spans.of(file, ctx.IDENT().getSymbol())),
        ctx.arg().stream().map(this::arg).toList(),
        statementSpan(ctx));
  }

  private Value.Call source(NnetParser.SourceContext ctx) {
    return (Value.Call) visit(ctx);
  }

  @Override
  public Value.Call visitSourceCall(NnetParser.SourceCallContext ctx) {
    Identifier name = new Identifier(ctx.IDENT().getText(), Spans.of(file, ctx.IDENT().getSymbol()));
    return new Value.Call(name, arguments(ctx.arguments()), ctx.arguments() != null, span(ctx));
  }

  private Value.Call call(NnetParser.CallContext ctx) {
    return (Value.Call) visit(ctx);
  }

  @Override
  public Value.Call visitNamedCall(NnetParser.NamedCallContext ctx) {
    return new Value.Call(identifier(ctx.ident()), arguments(ctx.arguments()), ctx.arguments() != null, span(ctx));
  }

  private List<Arg> arguments(NnetParser.ArgumentsContext ctx) {
    return ctx == null ? List.of() : ((NnetParser.ArgumentListContext) ctx).arg().stream().map(this::arg).toList();
  }

  private Arg arg(NnetParser.ArgContext ctx) {
    return (Arg) visit(ctx);
  }

  @Override
  public Arg visitNamedArg(NnetParser.NamedArgContext ctx) {
    return new Arg(Optional.of(identifier(ctx.ident())), value(ctx.value()), span(ctx));
  }

  @Override
  public Arg visitPositionalArg(NnetParser.PositionalArgContext ctx) {
    return new Arg(Optional.empty(), value(ctx.value()), span(ctx));
  }

  private Value value(NnetParser.ValueContext ctx) {
    return (Value) visit(ctx);
  }

  @Override
  public Value visitNumberValue(NnetParser.NumberValueContext ctx) {
    return number(ctx.MINUS() != null, ctx.NUMBER().getSymbol(), span(ctx));
  }

  @Override
  public Value visitFractionValue(NnetParser.FractionValueContext ctx) {
    Token top = ctx.NUMBER(0).getSymbol();
    Token bottom = ctx.NUMBER(1).getSymbol();
    Value.NumberLiteral numerator = number(ctx.MINUS() != null, top, Spans.of(file, ctx.start, top));
    Value.NumberLiteral denominator = number(false, bottom, Spans.of(file, bottom));
    if (denominator.value() == 0) {
      // Reported once here; the numerator stands in so that the checker adds nothing about this value.
      diagnostics.add(Diagnostic.error(Codes.BAD_NUMBER, span(ctx), "division by zero in `" + ctx.getText() + "`"));
      return new Value.NumberLiteral(numerator.text(), numerator.value(), numerator.integral(), span(ctx));
    }
    return new Value.Fraction(numerator, denominator, span(ctx));
  }

  private Value.NumberLiteral number(boolean negative, Token digits, SourceSpan span) {
    String text = (negative ? "-" : "") + digits.getText();
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      diagnostics.add(Diagnostic.error(Codes.BAD_NUMBER, span, "`" + SyntaxErrors.shorten(text) + "` is too large"));
      value = negative ? -Double.MAX_VALUE : Double.MAX_VALUE;
    }
    boolean integral = digits.getText().chars().allMatch(c -> c >= '0' && c <= '9');
    return new Value.NumberLiteral(text, value, integral, span);
  }

  @Override
  public Value visitStringValue(NnetParser.StringValueContext ctx) {
    String raw = ctx.STRING().getText();
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        char next = raw.charAt(++i);
        if (next != '"' && next != '\\') {
          Token t = ctx.STRING().getSymbol();
          int column = t.getCharPositionInLine() + i;
          diagnostics.add(
              Diagnostic.error(
                      Codes.BAD_ESCAPE,
                      new SourceSpan(file, t.getLine(), column, t.getLine(), column + 1),
                      "unknown escape `\\" + next + "` in a string")
                  .withHint("only `\\\"` and `\\\\` are escapes; write paths with `/`"));
        }
        out.append(next);
      } else {
        out.append(c);
      }
    }
    return new Value.StringLiteral(out.toString(), span(ctx));
  }

  @Override
  public Value visitSizeValue(NnetParser.SizeValueContext ctx) {
    String[] parts = ctx.SIZE().getText().toLowerCase(java.util.Locale.ROOT).split("x");
    return new Value.Size(dimension(parts[0]), dimension(parts[1]), ctx.SIZE().getText(), span(ctx));
  }

  private static int dimension(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException tooLarge) {
      return -1;
    }
  }

  @Override
  public Value visitListValue(NnetParser.ListValueContext ctx) {
    return new Value.ListValue(ctx.value().stream().map(this::value).toList(), span(ctx));
  }

  @Override
  public Value visitCallValue(NnetParser.CallValueContext ctx) {
    return call(ctx.call());
  }

  private Identifier identifier(NnetParser.IdentContext ctx) {
    return new Identifier(ctx.getText(), span(ctx));
  }

  private SourceSpan span(ParserRuleContext ctx) {
    return Spans.of(file, ctx.start, ctx.stop);
  }

  /** A statement's span without its closing newline. */
  private SourceSpan statementSpan(ParserRuleContext ctx) {
    Token last = ctx.stop;
    if (last != null && (last.getType() == NnetLexer.NL || last.getType() == Token.EOF) && last.getTokenIndex() > 0) {
      last = tokens.get(last.getTokenIndex() - 1);
    }
    return Spans.of(file, ctx.start, last);
  }

  /** Whether the parser reported (and recovered from) an error anywhere inside {@code tree}. */
  private static boolean hasErrors(ParseTree tree) {
    if (tree instanceof ErrorNode) {
      return true;
    }
    if (tree instanceof TerminalNode t) {
      return t.getSymbol().getTokenIndex() < 0;
    }
    if (tree instanceof ParserRuleContext ctx && ctx.exception != null) {
      return true;
    }
    for (int i = 0; i < tree.getChildCount(); i++) {
      if (hasErrors(tree.getChild(i))) {
        return true;
      }
    }
    return false;
  }
}
