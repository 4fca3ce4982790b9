package dev.nnet.compiler;

import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.layers.activation.ActivationLayerCheck;
import dev.nnet.compiler.layers.batchnorm.BatchNormCheck;
import dev.nnet.compiler.layers.conv.ConvCheck;
import dev.nnet.compiler.layers.dense.DenseCheck;
import dev.nnet.compiler.layers.dropout.DropoutCheck;
import dev.nnet.compiler.layers.embedding.EmbeddingCheck;
import dev.nnet.compiler.layers.flatten.FlattenCheck;
import dev.nnet.compiler.layers.globalpool.GlobalPoolCheck;
import dev.nnet.compiler.layers.layernorm.LayerNormCheck;
import dev.nnet.compiler.layers.pool.PoolCheck;
import dev.nnet.compiler.layers.recurrent.RecurrentCheck;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer keyword of the language, from the kinds' packages under {@code dev.nnet.compiler.layers}: the one list
 * a new kind joins. The {@link Frontend} hands it to the checker, which is all that needs it: every later stage
 * reaches a kind through its spec. {@code LayerTableTest} checks that every layer spec in the compiler is made by a
 * keyword here.
 */
public final class LayerTable {
  private LayerTable() {}

  /** The kinds' keyword lists, in the order a "did you mean" and the list of layers name them. */
  private static final List<List<LayerKind>> KINDS = List.of(
      DenseCheck.KEYWORDS,
      DropoutCheck.KEYWORDS,
      FlattenCheck.KEYWORDS,
      ActivationLayerCheck.KEYWORDS,
      ConvCheck.KEYWORDS,
      PoolCheck.KEYWORDS,
      GlobalPoolCheck.KEYWORDS,
      BatchNormCheck.KEYWORDS,
      LayerNormCheck.KEYWORDS,
      RecurrentCheck.KEYWORDS,
      EmbeddingCheck.KEYWORDS);

  /** Every layer keyword and its kind, in {@link #KINDS}' order. */
  public static final Map<String, LayerKind> KEYWORDS = table();

  private static Map<String, LayerKind> table() {
    Map<String, LayerKind> table = new LinkedHashMap<>();
    KINDS.stream().flatMap(List::stream).forEach(k -> {
      if (table.put(k.keyword(), k) != null) {
        throw new IllegalStateException("two layer kinds claim the keyword " + k.keyword());
      }
    });
    return Collections.unmodifiableMap(table);
  }
}
