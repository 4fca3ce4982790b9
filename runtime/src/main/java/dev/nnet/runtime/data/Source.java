package dev.nnet.runtime.data;

import java.nio.file.Path;

/** Where samples come from. Paths are resolved by the caller (the CLI resolves them against the model file). */
public sealed interface Source {
  /** Multiplies every feature on load (1 for none). */
  double scale();

  /**
   * A CSV file, plain or gzipped, with a header row.
   *
   * @param labelColumn the label column's name; empty for the last column
   */
  record Csv(Path path, String labelColumn, double scale) implements Source {
    public Csv {
      labelColumn = labelColumn == null ? "" : labelColumn;
    }
  }

  /**
   * Texts, tokenized by {@code tokenizer} with a vocabulary fitted on the training part ({@link TextData}): a CSV
   * file's column {@code textColumn} with its label column (the last column when empty), or, when
   * {@code textColumn} is empty, a plain UTF-8 file with one text per line and no labels (prediction input).
   */
  record Text(Path path, String textColumn, String labelColumn, Tokenizer tokenizer) implements Source {
    public Text {
      textColumn = textColumn == null ? "" : textColumn;
      labelColumn = labelColumn == null ? "" : labelColumn;
    }

    /** Token ids are not scaled. */
    @Override
    public double scale() {
      return 1;
    }
  }

  /** A pair of IDX files (MNIST format, plain or gzipped); {@code labels} null for prediction input. */
  record Idx(Path images, Path labels, double scale) implements Source {}

  /** The same source with its paths resolved against {@code base}; absolute paths stay as they are. */
  default Source resolve(Path base) {
    if (this instanceof Csv c) {
      return new Csv(base.resolve(c.path()), c.labelColumn(), c.scale());
    }
    if (this instanceof Text t) {
      return new Text(base.resolve(t.path()), t.textColumn(), t.labelColumn(), t.tokenizer());
    }
    Idx i = (Idx) this;
    return new Idx(base.resolve(i.images()), i.labels() == null ? null : base.resolve(i.labels()), i.scale());
  }

  /** The file name(s), for messages. */
  default String describe() {
    if (this instanceof Text t) {
      return t.path().toString();
    }
    return this instanceof Csv c ? c.path().toString() : ((Idx) this).images().toString();
  }

  /**
   * Reads this source with {@link CsvReader} or {@link IdxReader}; a {@link Text} source needs its vocabulary and is
   * read by {@link TextData}.
   */
  default dev.nnet.runtime.Dataset load(Target target, int featureSize) {
    if (this instanceof Text) {
      throw new IllegalStateException("text is read by TextData, with the vocabulary");
    }
    if (!(scale() > 0) || !Double.isFinite(scale())) {
      throw new DataException(describe() + ": the scale must be a positive number, got " + scale());
    }
    if (this instanceof Csv c) {
      return CsvReader.read(c.path(), c.labelColumn(), c.scale(), target, featureSize);
    }
    Idx i = (Idx) this;
    return IdxReader.read(i.images(), i.labels(), i.scale(), target, featureSize);
  }
}
