package dev.nnet.cli;

import dev.nnet.compiler.layers.embedding.EmbeddingSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.kernel.Embedding;
import java.util.Optional;

/**
 * The data of an {@code input tokens(...)} model checked before training or prediction: every value a whole number
 * below the embedding's {@code input_dim}, so a bad id is a data error naming its line, never a failure mid-epoch.
 * (Text input needs no check: its vocabulary has at most max_tokens ids, and the embedding at least as many rows.)
 */
final class TokenIds {
  private TokenIds() {}

  /** The rows of the embedding reading the model's token ids, when the model takes ids from its data. */
  private static Optional<Integer> inputDim(ModelSpec m) {
    if (m.tokens().isEmpty() || m.tokens().get().text().isPresent()) {
      return Optional.empty();
    }
    return m.layers().get(0) instanceof EmbeddingSpec e ? Optional.of(e.inputDim()) : Optional.empty();
  }

  /** Reads {@code source} (a CSV of ids) as it is, in file order, and checks its ids. */
  static void check(ModelSpec m, Source source) {
    if (inputDim(m).isEmpty() || !(source instanceof Source.Csv)) {
      return;
    }
    Dataset d = Errors.data(() -> source.load(new Target.None(), m.input().size()));
    check(m, d, source.describe());
  }

  /** Checks ids read in file order (a data row r is on line r + 2, after the header). */
  static void check(ModelSpec m, Dataset data, String file) {
    Optional<Integer> rows = inputDim(m);
    if (rows.isEmpty()) {
      return;
    }
    int bad = Embedding.firstBadId(data.features(), data.rows() * data.featureSize(), rows.get());
    if (bad >= 0) {
      int row = bad / data.featureSize();
      throw new UserError("data error: " + file + ", line " + (row + 2) + ", token " + (bad % data.featureSize() + 1)
          + ": " + data.features()[bad] + " is not a token id: the embedding takes whole numbers from 0 to "
          + (rows.get() - 1) + " (input_dim " + rows.get() + "); raise input_dim or fix the data");
    }
  }
}
