package dev.nnet.spark;

import dev.nnet.runtime.data.Tokenizer;
import dev.nnet.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/** A text model's vocabulary fitted across the cluster, the same as the runtime fits it on one machine. */
final class ClusterVocabulary {
  private ClusterVocabulary() {}

  /**
   * The vocabulary of the training texts, as {@link Vocabulary#fit} makes it on one machine: every token counted
   * across the cluster ({@code reduceByKey}), and only the first {@code maxTokens} counts in the vocabulary's order
   * reach the driver ({@code takeOrdered}): the runtime cuts the others anyway. Counts are sums, so the partitioning
   * changes nothing.
   */
  static Vocabulary fit(JavaRDD<String> texts, Tokenizer tokenizer) {
    List<Tuple2<String, Long>> top = texts
        .flatMapToPair(text -> tokenizer.tokens(text).stream().map(token -> new Tuple2<>(token, 1L)).iterator())
        .reduceByKey(Long::sum)
        .takeOrdered(tokenizer.maxTokens(), new CountOrder());
    Map<String, Long> counts = new HashMap<>();
    for (Tuple2<String, Long> t : top) {
      counts.put(t._1(), t._2());
    }
    return Vocabulary.ofCounts(counts, tokenizer.maxTokens());
  }

  /** Most frequent first, ties lexicographic: the runtime's {@link Vocabulary#order}, for {@code takeOrdered}. */
  private static final class CountOrder implements Comparator<Tuple2<String, Long>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      return Vocabulary.order(a._1(), a._2(), b._1(), b._2());
    }
  }
}
