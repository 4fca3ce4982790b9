package dev.nnet.cli;

import dev.nnet.compiler.layers.embedding.EmbeddingSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.Source;

/**
 * The data of an {@code input tokens(...)} model checked before training or prediction, by the runtime's
 * {@link dev.nnet.runtime.data.TokenIds} (which nnet-spark uses too): every value a whole number below the
 * embedding's {@code input_dim}, so a bad id is a data error naming its line, never a failure mid-epoch.
 */
final class TokenIds {
  private TokenIds() {}

  /** The rows of the embedding reading the model's token ids, 0 when the model takes no ids from its data. */
  private static int vocabulary(ModelSpec m) {
    if (m.tokens().isEmpty() || m.tokens().get().text().isPresent()) {
      return 0;
    }
    return m.layers().get(0) instanceof EmbeddingSpec e ? e.inputDim() : 0;
  }

  /** Reads {@code source} (a CSV of ids) as it is, in file order, and checks its ids. */
  static void check(ModelSpec m, Source source) {
    Errors.data(() -> {
      dev.nnet.runtime.data.TokenIds.check(vocabulary(m), source, m.input().size());
      return null;
    });
  }

  /** Checks ids read in file order (a data row r is on line r + 2, after the header). */
  static void check(ModelSpec m, Dataset data, String file) {
    Errors.data(() -> {
      dev.nnet.runtime.data.TokenIds.check(vocabulary(m), data, file);
      return null;
    });
  }
}
