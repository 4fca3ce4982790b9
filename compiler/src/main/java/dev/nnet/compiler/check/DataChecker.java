package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Arg;
import dev.nnet.compiler.ast.DataEntry;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.diag.Suggestions;
import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.TokenInput;
import java.util.List;
import java.util.Optional;

/**
 * Where a model's data comes from: the {@code data} block's training and test sources (CSV or IDX, with their
 * scale), test split and standardization. Part of {@link Checker}; reports into its diagnostics.
 */
final class DataChecker {

  private final Diagnostics diagnostics;

  DataChecker(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Optional<Data> data(Statement s) {
    if (!(s instanceof Statement.DataBlock block)) {
      return Optional.empty();
    }
    DataSource train = null;
    DataSource test = null;
    DataEntry.SourceEntry trainEntry = null;
    DataEntry testEntry = null;
    double split = 0;
    boolean standardize = false;
    DataEntry standardizeEntry = null;
    boolean ok = true;
    for (DataEntry e : block.entries()) {
      if (e instanceof DataEntry.SourceEntry se) {
        DataEntry earlier = se.test() ? testEntry : trainEntry;
        if (earlier != null) {
          duplicate(se.test() ? "test data" : "train data", e.span(), earlier.span());
          ok = false;
          continue;
        }
        Optional<DataSource> source = source(se);
        ok &= source.isPresent();
        if (se.test()) {
          testEntry = se;
          test = source.orElse(null);
        } else {
          trainEntry = se;
          train = source.orElse(null);
        }
      } else if (e instanceof DataEntry.TestSplit ts) {
        if (testEntry != null) {
          conflict(ts.span(), testEntry.span());
          ok = false;
          continue;
        }
        testEntry = ts;
        Arguments a =
            Arguments.bind(
                "test", ts.span(), List.of(new Arg(Optional.empty(), ts.fraction(), ts.fraction().span())),
                List.of("split"), 1, diagnostics);
        split = a.number("split", 0, Range.OPEN_UNIT);
        ok &= !a.failed();
      } else if (e instanceof DataEntry.Broken b) {
        ok = false;
        if (b.keyword().equals("train") && trainEntry == null) {
          // Present but unreadable: say nothing more than the syntax error did.
          trainEntry = new DataEntry.SourceEntry(false, null, Optional.empty(), b.span());
        }
      } else if (e instanceof DataEntry.Unknown u) {
        List<String> words = List.of("train", "test", "standardize");
        diagnostics.add(
            Diagnostic.error(
                    Codes.UNKNOWN_ARGUMENT, u.word().span(), "unknown data entry `" + Names.shorten(u.word().text()) + "`")
                .withHint(
                    Suggestions.closest(u.word().text(), words)
                        .map(w -> "did you mean `" + w + "`?")
                        .orElse("the data block takes `train ...`, `test ...`, `test split ...` and `standardize`")));
        ok = false;
      } else {
        if (standardizeEntry != null) {
          duplicate("standardize", e.span(), standardizeEntry.span());
          ok = false;
        }
        standardizeEntry = e;
        standardize = true;
      }
    }
    if (trainEntry == null) {
      diagnostics.add(
          Diagnostic.error(Codes.MISSING_TRAIN_DATA, block.span(), "the data block has no training source")
              .withHint("add e.g. `train csv(\"data.csv\", label = \"class\")`"));
      return Optional.empty();
    }
    if (!ok || train == null) {
      return Optional.empty();
    }
    return Optional.of(new Data(train, Optional.ofNullable(test), split, standardize));
  }

  /**
   * Checks that the data fits the input: text sources (a CSV with {@code text = "column"}) for {@code input
   * text(...)} and for it alone, and no standardization of token ids. Empty after reporting.
   */
  Optional<Data> matchInput(
      Optional<Data> data, Optional<TokenInput> tokens, Statement input, Statement block) {
    if (data.isEmpty()) {
      return data;
    }
    boolean textInput = tokens.flatMap(TokenInput::text).isPresent();
    boolean ok = true;
    List<DataSource> sources = new java.util.ArrayList<>(List.of(data.get().train()));
    data.get().test().ifPresent(sources::add);
    for (DataSource s : sources) {
      boolean text = s instanceof DataSource.TextCsv;
      if (text && !textInput) {
        diagnostics.add(
            Diagnostic.error(Codes.TEXT_DATA_MISMATCH, input.span(),
                    "the data has a text column, but the input is not text")
                .withHint("declare `input text(max_length = 20, max_tokens = 5000)`, or read numbers with"
                    + " `csv(\"...\", label = \"...\")`"));
        ok = false;
        break;
      }
      if (!text && textInput) {
        diagnostics.add(
            Diagnostic.error(Codes.TEXT_DATA_MISMATCH, block.span(),
                    "the input is text, but a data source has no text column")
                .withHint("name the column of texts: `train csv(\"words.csv\", text = \"word\", label ="
                    + " \"language\")`"));
        ok = false;
        break;
      }
    }
    if (tokens.isPresent() && data.get().standardize()) {
      diagnostics.add(
          Diagnostic.error(Codes.STANDARDIZED_TOKENS, block.span(), "token ids cannot be standardized")
              .withHint("remove `standardize`: an embedding learns its own scale"));
      ok = false;
    }
    return ok ? data : Optional.empty();
  }

  void duplicate(String what, SourceSpan at, SourceSpan first) {
    diagnostics.add(
        Diagnostic.error(Codes.DUPLICATE, at, "duplicate " + what + "; the first is on line " + first.line())
            .withHint("keep one of them"));
  }

  void conflict(SourceSpan at, SourceSpan first) {
    diagnostics.add(
        Diagnostic.error(
                Codes.CONFLICT, at, "a test source and a test split exclude each other; the other is on line " + first.line())
            .withHint("keep `test idx(...)`/`test csv(...)` or `test split 0.2`, not both"));
  }

  Optional<DataSource> source(DataEntry.SourceEntry entry) {
    Value.Call call = entry.source();
    String kind = call.name().text();
    String owner = kind;
    Arguments args;
    double scale = 1;
    Optional<DataSource> result;
    switch (kind) {
      case "csv" -> {
        args = Arguments.bind(owner, call.span(), call.args(), List.of("path", "label", "text"), 2, diagnostics);
        args.requireAll("path");
        Optional<String> path = args.path("path");
        String label = args.text("label").orElse("");
        Optional<String> text = args.text("text");
        result = path.map(p -> text.isPresent() ? new DataSource.TextCsv(p, text.get(), label)
            : new DataSource.Csv(p, label, 1));
      }
      case "idx" -> {
        args = Arguments.bind(owner, call.span(), call.args(), List.of("images", "labels"), 2, diagnostics);
        args.requireAll("images", "labels");
        Optional<String> images = args.path("images");
        Optional<String> labels = args.path("labels");
        result =
            images.isPresent() && labels.isPresent()
                ? Optional.of(new DataSource.Idx(images.get(), labels.get(), 1))
                : Optional.empty();
      }
      default -> {
        diagnostics.add(Names.unknown("data source", kind, call.name().span(), List.of("csv", "idx")));
        return Optional.empty();
      }
    }
    if (entry.scale().isPresent()) {
      Arguments s =
          Arguments.bind(
              "scale", entry.scale().get().span(),
              List.of(new Arg(Optional.empty(), entry.scale().get(), entry.scale().get().span())),
              List.of("factor"), 1, diagnostics);
      scale = s.number("factor", 1, Range.above(0));
      if (s.failed()) {
        return Optional.empty();
      }
    }
    if (args.failed() || result.isEmpty()) {
      return Optional.empty();
    }
    double factor = scale;
    DataSource source = result.get();
    if (source instanceof DataSource.TextCsv) {
      if (entry.scale().isPresent()) {
        diagnostics.add(
            Diagnostic.error(Codes.TEXT_DATA_MISMATCH, entry.scale().get().span(), "text data cannot be scaled")
                .withHint("remove `scale`: token ids are whole numbers"));
        return Optional.empty();
      }
      return Optional.of(source);
    }
    return Optional.of(
        source instanceof DataSource.Csv c
            ? new DataSource.Csv(c.path(), c.label(), factor)
            : new DataSource.Idx(((DataSource.Idx) source).images(), ((DataSource.Idx) source).labels(), factor));
  }
}
