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

  /** A pair of IDX files (MNIST format, plain or gzipped); {@code labels} null for prediction input. */
  record Idx(Path images, Path labels, double scale) implements Source {}

  /** The same source with its paths resolved against {@code base}; absolute paths stay as they are. */
  default Source resolve(Path base) {
    if (this instanceof Csv c) {
      return new Csv(base.resolve(c.path()), c.labelColumn(), c.scale());
    }
    Idx i = (Idx) this;
    return new Idx(base.resolve(i.images()), i.labels() == null ? null : base.resolve(i.labels()), i.scale());
  }

  /** The file name(s), for messages. */
  default String describe() {
    return this instanceof Csv c ? c.path().toString() : ((Idx) this).images().toString();
  }

  /** Reads this source with {@link CsvReader} or {@link IdxReader}. */
  default dev.nnet.runtime.Dataset load(Target target, int featureSize) {
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
