package dev.nnet.compiler.model;

/**
 * Where samples come from. Paths are as written in the model file, relative to the model file's folder; whoever
 * reads them resolves them against it. {@code scale} multiplies every feature on load (1 for none).
 */
public sealed interface DataSource {
  double scale();

  /**
   * A CSV file (or {@code .csv.gz}) with a header row; {@code label} names the label column (the last column when
   * empty). String labels become classes in sorted order.
   */
  record Csv(String path, String label, double scale) implements DataSource {}

  /**
   * A CSV file whose column {@code text} holds texts, tokenized as the model's {@code input text(...)} says;
   * {@code label} names the label column (the last column when empty).
   */
  record TextCsv(String path, String text, String label) implements DataSource {
    @Override
    public double scale() {
      return 1;
    }
  }

  /** A pair of IDX files (the MNIST format, gzipped or not): images and labels. */
  record Idx(String images, String labels, double scale) implements DataSource {}
}
