package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Text data through the same steps as numbers ({@link DataPipeline}): read, shuffle, hold out the test and validation
 * splits, then fit the {@link Vocabulary} on the training part only (as the standardizer is) and turn every part into
 * token ids, {@code maxLength} per sample, carried as whole numbers in the features. The split runs on a dataset
 * whose one feature is each text's row number, so texts and numbers are shuffled and split by the very same code.
 */
public final class TextData {
  private TextData() {}

  /** Runs {@code plan}, whose training source is a {@link Source.Text}. */
  static PreparedData prepare(DataPlan plan) {
    Source.Text source = (Source.Text) plan.train();
    Tokenizer tokenizer = source.tokenizer();
    if (plan.standardize()) {
      throw new DataException(source.describe() + ": token ids cannot be standardized; remove `standardize`");
    }
    if (plan.featureSize() != 0 && plan.featureSize() != tokenizer.maxLength()) {
      throw new IllegalArgumentException(
          "the model takes " + plan.featureSize() + " values, the tokenizer makes " + tokenizer.maxLength());
    }
    TextReader.Table all = TextReader.read(source, plan.target());
    if (all.texts().size() > 1 << 24) {
      throw new DataException(source.describe() + ": " + all.texts().size() + " texts; at most " + (1 << 24)
          + " are read at once");
    }
    Optional<Dataset> test = Optional.empty();
    List<String> testTexts = List.of();
    if (plan.test().isPresent()) {
      if (!(plan.test().get() instanceof Source.Text t)) {
        throw new DataException(plan.test().get().describe() + ": the test data of a text model is text too: give"
            + " it as `test csv(\"...\", text = \"" + source.textColumn() + "\", label = \"...\")`");
      }
      Target known = plan.target() instanceof Target.Classes c ? new Target.Classes(c.count(), all.classes())
          : plan.target();
      TextReader.Table testTable = TextReader.read(new Source.Text(t.path(), t.textColumn(), t.labelColumn(),
          tokenizer), known);
      testTexts = testTable.texts();
      test = Optional.of(rowNumbers(testTable));
    }
    PreparedData split = DataPipeline.prepare(rowNumbers(all), test, plan.testSplit(), plan.validationSplit(),
        false, plan.seed(), source.describe());
    List<String> trainTexts = new ArrayList<>();
    float[] rows = split.train().features();
    for (float r : rows) {
      trainTexts.add(all.texts().get((int) r));
    }
    Vocabulary vocabulary = Vocabulary.fit(trainTexts, tokenizer);
    List<String> testSource = plan.test().isPresent() ? testTexts : all.texts();
    return new PreparedData(
        encode(split.train(), all.texts(), vocabulary, tokenizer),
        split.validation().map(v -> encode(v, all.texts(), vocabulary, tokenizer)),
        split.test().map(d -> encode(d, testSource, vocabulary, tokenizer)),
        Optional.empty(),
        split.classes(),
        Optional.of(vocabulary));
  }

  /**
   * Reads {@code source} and turns it into token ids with a saved vocabulary, for {@code evaluate} and
   * {@code predict}: labels as {@code target} says ({@link Target.None} for texts alone).
   */
  public static Dataset load(Source.Text source, Target target, Vocabulary vocabulary) {
    TextReader.Table table = TextReader.read(source, target);
    return encode(rowNumbers(table), table.texts(), vocabulary, source.tokenizer());
  }

  /** Each text's row number as its one feature, with its label. */
  private static Dataset rowNumbers(TextReader.Table table) {
    int n = table.texts().size();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    boolean labelled = table.labels().length == n;
    return new Dataset(x, 1, labelled ? table.labels() : new float[0], labelled ? 1 : 0, n, table.classes());
  }

  /** {@code rows} (row numbers into {@code texts}) with their texts' token ids as features. */
  private static Dataset encode(Dataset rows, List<String> texts, Vocabulary vocabulary, Tokenizer tokenizer) {
    int length = tokenizer.maxLength();
    float[] ids = new float[Math.multiplyExact(rows.rows(), length)];
    for (int r = 0; r < rows.rows(); r++) {
      vocabulary.encode(texts.get((int) rows.features()[r]), tokenizer, ids, r * length);
    }
    return new Dataset(ids, length, rows.targets(), rows.targetSize(), rows.rows(), rows.classes());
  }
}
