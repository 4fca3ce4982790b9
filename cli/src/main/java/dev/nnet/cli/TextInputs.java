package dev.nnet.cli;

import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.TokenInput;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.data.TextData;
import dev.nnet.runtime.data.Tokenizer;
import dev.nnet.runtime.data.Vocabulary;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line's side of {@code input text(...)}: the model's tokenizer, files given on the command line read as
 * text, and the vocabulary saved with the trained model.
 */
public final class TextInputs {
  private TextInputs() {}

  /** The tokenizer of the model's {@code input text(...)}, if it has one. */
  public static Optional<Tokenizer> tokenizer(ModelSpec m) {
    return m.tokens().flatMap(t -> t.text().map(text -> new Tokenizer(t.length(), text.maxTokens(),
        text.characters() ? Tokenizer.Split.CHARACTERS : Tokenizer.Split.WORDS, text.lowercase())));
  }

  /** The text column the model's training data names ({@code text = "word"}), or {@code text} when it has none. */
  static String textColumn(ModelSpec m) {
    return m.data()
        .filter(d -> d.train() instanceof DataSource.TextCsv)
        .map(d -> ((DataSource.TextCsv) d.train()).text())
        .orElse("text");
  }

  /**
   * {@code file} as the text model {@code m} reads it: a CSV ({@code .csv}, {@code .csv.gz}) with the model's text
   * column and {@code label} (empty: the model's label column, or the last), or any other file with one text per
   * line.
   */
  static Source.Text source(ModelSpec m, Path file, String label) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean csv = name.endsWith(".csv") || name.endsWith(".csv.gz");
    return new Source.Text(file, csv ? textColumn(m) : "", label == null || label.isEmpty() ? modelLabel(m) : label,
        tokenizer(m).orElseThrow());
  }

  private static String modelLabel(ModelSpec m) {
    return m.data()
        .filter(d -> d.train() instanceof DataSource.TextCsv)
        .map(d -> ((DataSource.TextCsv) d.train()).label())
        .orElse("");
  }

  /** The vocabulary saved with a text model's weights; a data error when the weights have none. */
  static Vocabulary vocabulary(Checkpoint checkpoint, Path weights) {
    return checkpoint.savedVocabulary().orElseThrow(() -> new UserError("data error: " + weights + " holds no"
        + " vocabulary; it was not saved by training a model with `input text(...)`"));
  }

  /** {@code source} in token ids with the saved vocabulary. */
  static Dataset load(Source.Text source, Target target, Checkpoint checkpoint, Path weights) {
    Vocabulary v = vocabulary(checkpoint, weights);
    return Errors.data(() -> TextData.load(source, target, v));
  }

  /** Whether {@code m}'s input is text. */
  static boolean isText(ModelSpec m) {
    return m.tokens().flatMap(TokenInput::text).isPresent();
  }
}
