package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.data.ClassLabels;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Splits;
import dev.nnet.runtime.data.Standardizer;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.data.Tokenizer;
import dev.nnet.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The runtime's {@link DataPipeline} across a cluster: the rows stay on the executors and end up as one
 * {@link Shard} per training task, persisted there for the whole run; the driver holds one int per row.
 *
 * <p>The same data for a seed whatever the partitioning: each row is numbered by its place in the Dataset's order
 * ({@code zipWithIndex}: a file read keeps the file's order however many partitions it has). The driver draws the
 * single-machine pipeline's shuffle of those numbers (Fisher-Yates with the seed, {@link Splits#shuffle}), which
 * gives every row its position; positions split into training, validation and test parts exactly as
 * {@link DataPipeline#prepare} splits the shuffled rows (the test split last, then the validation split). The
 * standardizer is fitted on the training part by a {@code treeAggregate} of {@link FeatureMoments} and applied on
 * the executors; a text model's {@link Vocabulary} is fitted on the training part too ({@link ClusterVocabulary}) and
 * its ids broadcast to tokenize every part on the executors. A task's shard holds the rows whose position in their part is
 * its rank modulo the number of tasks (periodic averaging's shards are exactly "rows rank, rank + P, ..." of the training part), sorted by position.
 *
 * <p>Why one int per row on the driver: a Fisher-Yates shuffle cannot place one row without drawing the whole
 * permutation, so matching the single-machine order needs it somewhere; drawing it once on the driver (8 bytes a row
 * while drawing, 4 kept as a broadcast the executors read once) costs less than every partition drawing it again.
 */
final class DistributedData {
  /**
   * One row on its way to its task: which part, its position there, its features (or its text, until the vocabulary
   * turns it into token ids) and target values.
   */
  record Placed(Shard.Kind kind, int position, float[] features, String text, float[] target)
      implements Serializable {
    Placed(Shard.Kind kind, int position, float[] features, float[] target) {
      this(kind, position, features, null, target);
    }
  }

  private final JavaRDD<Shard> shards;
  private final int[] rows;
  private final List<String> classes;
  private final Optional<Standardizer> standardizer;
  private final Optional<Vocabulary> vocabulary;
  private final List<Broadcast<?>> broadcasts;

  private DistributedData(JavaRDD<Shard> shards, int[] rows, List<String> classes,
      Optional<Standardizer> standardizer, Optional<Vocabulary> vocabulary, List<Broadcast<?>> broadcasts) {
    this.shards = shards;
    this.rows = rows;
    this.classes = List.copyOf(classes);
    this.standardizer = standardizer;
    this.vocabulary = vocabulary;
    this.broadcasts = broadcasts;
  }

  /**
   * Prepares {@code rows} (and {@code testRows}, when given instead of a test split) into {@code tasks} shards.
   *
   * @param vocabularySize the token ids the model's embedding takes
   *     ({@link dev.nnet.runtime.Network#vocabularySize()}): a row holding another id is refused as it is read; 0
   *     when the model reads no ids
   * @param replicateValidation give every shard all the validation rows (periodic averaging: each task evaluates
   *     the averaged model alone) instead of its share
   * @throws DataException as {@link DataPipeline#prepare} does, and for rows that do not fit the model
   */
  static DistributedData prepare(JavaSparkContext jsc, org.apache.spark.sql.Dataset<Row> rows,
      Optional<org.apache.spark.sql.Dataset<Row>> testRows, RowData columns, Target target, int featureSize,
      int vocabularySize, Optional<Tokenizer> tokenizer, double testSplit, double validationSplit, boolean standardize,
      long seed, int tasks, boolean replicateValidation) {
    try {
      return prepareRows(jsc, rows, testRows, columns, target, featureSize, vocabularySize, tokenizer, testSplit,
          validationSplit, standardize, seed, tasks, replicateValidation);
    } catch (Exception e) { // Scala declares no exceptions: a failed job's SparkException is checked.
      if (!(e instanceof SparkException)) {
        throw e;
      }
      // A row that does not fit fails the job on an executor: its message is the user's, not Spark's.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DataException d) {
          throw new DataException(d.getMessage());
        }
      }
      throw new IllegalStateException("preparing the data failed: " + e.getMessage(), e);
    }
  }

  private static DistributedData prepareRows(JavaSparkContext jsc, org.apache.spark.sql.Dataset<Row> rows,
      Optional<org.apache.spark.sql.Dataset<Row>> testRows, RowData columns, Target target, int featureSize,
      int vocabularySize, Optional<Tokenizer> tokenizer, double testSplit, double validationSplit, boolean standardize,
      long seed, int tasks, boolean replicateValidation) {
    String from = "the training data";
    if (tokenizer.isPresent() && standardize) {
      throw new DataException(from + ": token ids cannot be standardized; remove `standardize`");
    }
    boolean text = tokenizer.isPresent();
    int outputs = target instanceof Target.Regression r ? r.outputs() : 0;
    int classCount = target instanceof Target.Classes c ? c.count() : 0;
    JavaRDD<RowData.Sample> samples = read(rows, columns, featureSize, vocabularySize, text, outputs, from)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long counted = samples.count();
      if (counted > Integer.MAX_VALUE - 8) {
        throw new DataException(from + " has " + counted + " rows; a run takes at most " + (Integer.MAX_VALUE - 8));
      }
      int n = (int) counted;
      List<String> classes = List.of();
      if (target instanceof Target.Classes c) {
        // The rules depend on the set of labels only (integers or not, their range, their order), so the distinct
        // labels give the classes the whole column would.
        List<String> distinct = samples.map(RowData.Sample::label).distinct().collect();
        classes = ClassLabels.index(distinct, c, new float[distinct.size()], r -> from,
            from + ": the label column '" + columns.label() + "'");
      }

      // The single-machine pipeline's shuffle and splits, as positions: row i is at place[i] of the shuffled rows.
      int[] order = new int[n];
      Arrays.setAll(order, i -> i);
      new Rng(seed).shuffle(order);
      int[] place = new int[n];
      for (int p = 0; p < n; p++) {
        place[order[p]] = p;
      }
      order = null;
      int testCount = testRows.isPresent() ? 0 : Splits.count(n, testSplit, "test_split", from);
      int rest = n - testCount;
      int validationCount = Splits.count(rest, validationSplit, "validation_split", from + " (after the test split)");
      int trainCount = rest - validationCount;
      Broadcast<int[]> places = jsc.broadcast(place);
      List<Broadcast<?>> broadcasts = new ArrayList<>(List.of(places));

      List<String> known = classes;
      String column = from + ": the label column '" + columns.label() + "'";
      JavaRDD<Placed> placed = samples.mapPartitions(it -> {
        List<RowData.Sample> part = new ArrayList<>();
        it.forEachRemaining(part::add);
        float[][] targets = targets(part, known, column, from, classCount);
        int[] at = places.value();
        List<Placed> out = new ArrayList<>(part.size());
        for (int r = 0; r < part.size(); r++) {
          int p = at[(int) part.get(r).index()];
          Shard.Kind kind = p < trainCount ? Shard.Kind.TRAIN
              : p < rest ? Shard.Kind.VALIDATION : Shard.Kind.TEST;
          int position = p - (kind == Shard.Kind.TRAIN ? 0 : kind == Shard.Kind.VALIDATION ? trainCount : rest);
          out.add(new Placed(kind, position, part.get(r).features(), part.get(r).text(), targets[r]));
        }
        return out.iterator();
      });
      int testCountAll = testCount;
      if (testRows.isPresent()) {
        String testFrom = "the test data";
        String testColumn = testFrom + ": the label column '" + columns.label() + "'";
        JavaRDD<RowData.Sample> test = read(testRows.get(), columns, featureSize, vocabularySize, text, outputs,
            testFrom);
        testCountAll = Math.toIntExact(test.count());
        placed = placed.union(test.mapPartitions(it -> {
          List<RowData.Sample> part = new ArrayList<>();
          it.forEachRemaining(part::add);
          float[][] targets = targets(part, known, testColumn, testFrom, classCount);
          List<Placed> out = new ArrayList<>(part.size());
          for (int r = 0; r < part.size(); r++) {
            out.add(new Placed(Shard.Kind.TEST, (int) part.get(r).index(), part.get(r).features(),
                part.get(r).text(), targets[r]));
          }
          return out.iterator();
        }));
      }

      Optional<Standardizer> standardizer = Optional.empty();
      if (standardize) {
        FeatureMoments moments = placed.filter(p -> p.kind() == Shard.Kind.TRAIN)
            .treeAggregate(new FeatureMoments(featureSize), (m, p) -> m.add(p.features(), 0), FeatureMoments::merge);
        standardizer = Optional.of(moments.standardizer());
      }
      Optional<Vocabulary> vocabulary = Optional.empty();
      if (tokenizer.isPresent()) {
        Tokenizer t = tokenizer.get();
        Vocabulary v = ClusterVocabulary.fit(placed.filter(p -> p.kind() == Shard.Kind.TRAIN).map(Placed::text), t);
        vocabulary = Optional.of(v);
        Broadcast<List<String>> tokens = jsc.broadcast(new ArrayList<>(v.tokens()));
        broadcasts.add(tokens);
        placed = placed.mapPartitions(it -> {
          Vocabulary ids = new Vocabulary(tokens.value());
          List<Placed> out = new ArrayList<>();
          it.forEachRemaining(p -> {
            float[] x = new float[t.maxLength()];
            ids.encode(p.text(), t, x, 0);
            out.add(new Placed(p.kind(), p.position(), x, p.target()));
          });
          return out.iterator();
        });
      }
      JavaRDD<Shard> shards = shards(placed, tasks, replicateValidation, standardizer, featureSize,
          Math.max(outputs, 1));
      return new DistributedData(shards, new int[] {trainCount, validationCount, testCountAll}, classes,
          standardizer, vocabulary, broadcasts);
    } finally {
      samples.unpersist(false);
    }
  }

  /**
   * Shards data already prepared on the driver (the model's own data block, read as {@code ./nnet train} reads it):
   * it is broadcast once and each task's shard taken from it on the executors.
   */
  static DistributedData prepare(JavaSparkContext jsc, PreparedData prepared, int tasks,
      boolean replicateValidation) {
    int f = prepared.train().featureSize();
    int ts = prepared.train().targetSize();
    Shard.Part empty = new Shard.Part(new float[0], f, new float[0], ts, new int[0]);
    Shard whole = new Shard(whole(prepared.train()), prepared.validation().map(DistributedData::whole).orElse(empty),
        prepared.test().map(DistributedData::whole).orElse(empty));
    Broadcast<Shard> data = jsc.broadcast(whole);
    List<Integer> ranks = new ArrayList<>();
    for (int k = 0; k < tasks; k++) {
      ranks.add(k);
    }
    JavaRDD<Placed> placed = jsc.parallelize(ranks, tasks).flatMap(rank -> {
      List<Placed> out = new ArrayList<>();
      for (Shard.Kind kind : Shard.Kind.values()) {
        Shard.Part part = data.value().part(kind);
        for (int r = 0; r < part.rows(); r++) {
          if (r % tasks == rank || (replicateValidation && kind == Shard.Kind.VALIDATION)) {
            out.add(new Placed(kind, r, Arrays.copyOfRange(part.features(), r * f, (r + 1) * f),
                Arrays.copyOfRange(part.targets(), r * ts, (r + 1) * ts)));
          }
        }
      }
      return out.iterator();
    });
    // The ranks' partitions are already the tasks': no shuffle (the partitioner is only declared).
    JavaRDD<Shard> shards = placed.mapPartitions(it -> List.of(shard(it, f, ts, Optional.empty())).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    shards.count();
    return new DistributedData(shards, new int[] {whole.train().rows(), whole.validation().rows(),
        whole.test().rows()}, prepared.classes(), prepared.standardizer(), prepared.vocabulary(), List.of(data));
  }

  private static Shard.Part whole(Dataset d) {
    int[] positions = new int[d.rows()];
    Arrays.setAll(positions, i -> i);
    return new Shard.Part(d.features(), d.featureSize(), d.targets(), d.targetSize(), positions);
  }

  /** The Dataset's rows as samples (texts when {@code text}), each numbered by its place in the Dataset's order. */
  private static JavaRDD<RowData.Sample> read(org.apache.spark.sql.Dataset<Row> rows, RowData columns,
      int featureSize, int vocabularySize, boolean text, int outputs, String from) {
    return rows.select(columns.columns()).javaRDD().zipWithIndex()
        .map(t -> text ? columns.readText(t._1(), t._2(), outputs, from)
            : columns.read(t._1(), t._2(), featureSize, vocabularySize, outputs, from));
  }

  /** The target values of {@code part}'s samples: class indices among {@code classes}, or regression values. */
  private static float[][] targets(List<RowData.Sample> part, List<String> classes, String column, String from,
      int count) {
    float[][] targets = new float[part.size()][];
    if (classes.isEmpty()) {
      for (int r = 0; r < part.size(); r++) {
        targets[r] = part.get(r).values();
      }
      return targets;
    }
    List<String> labels = new ArrayList<>(part.size());
    for (RowData.Sample s : part) {
      labels.add(s.label());
    }
    float[] y = new float[part.size()];
    ClassLabels.index(labels, new Target.Classes(count, classes), y,
        r -> from + ", row " + (part.get(r).index() + 1), column);
    for (int r = 0; r < part.size(); r++) {
      targets[r] = new float[] {y[r]};
    }
    return targets;
  }

  /** Rows to their tasks (position modulo the tasks), one shard per task, standardized, persisted. */
  private static JavaRDD<Shard> shards(JavaRDD<Placed> placed, int tasks, boolean replicateValidation,
      Optional<Standardizer> standardizer, int f, int ts) {
    float[][] statistics = standardizer.map(s -> new float[][] {s.mean(), s.std()}).orElse(null);
    JavaPairRDD<Integer, Placed> keyed = placed.flatMapToPair(p -> {
      List<Tuple2<Integer, Placed>> out = new ArrayList<>(1);
      if (replicateValidation && p.kind() == Shard.Kind.VALIDATION) {
        for (int k = 0; k < tasks; k++) {
          out.add(new Tuple2<>(k, p));
        }
      } else {
        out.add(new Tuple2<>(p.position() % tasks, p));
      }
      return out.iterator();
    });
    JavaRDD<Shard> shards = keyed.partitionBy(new HashPartitioner(tasks)).values()
        .mapPartitions(it -> List.of(shard(it, f, ts, Optional.ofNullable(statistics)
            .map(s -> new Standardizer(s[0], s[1])))).iterator(),
            true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    shards.count();
    return shards;
  }

  /** The shard of {@code rows}: each part sorted by position, standardized. */
  private static Shard shard(java.util.Iterator<Placed> rows, int f, int ts, Optional<Standardizer> standardizer) {
    List<List<Placed>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    rows.forEachRemaining(p -> byKind.get(p.kind().ordinal()).add(p));
    Shard.Part[] parts = new Shard.Part[3];
    for (Shard.Kind kind : Shard.Kind.values()) {
      List<Placed> list = byKind.get(kind.ordinal());
      list.sort(Comparator.comparingInt(Placed::position));
      float[] x = new float[list.size() * f];
      float[] y = new float[list.size() * ts];
      int[] positions = new int[list.size()];
      for (int r = 0; r < list.size(); r++) {
        System.arraycopy(list.get(r).features(), 0, x, r * f, f);
        System.arraycopy(list.get(r).target(), 0, y, r * ts, ts);
        positions[r] = list.get(r).position();
      }
      standardizer.ifPresent(s -> s.applyInPlace(x, positions.length));
      parts[kind.ordinal()] = new Shard.Part(x, f, y, ts, positions);
    }
    return new Shard(parts[0], parts[1], parts[2]);
  }

  /** One shard per task, partition k holding task k's (persisted on the executors). */
  JavaRDD<Shard> shards() {
    return shards;
  }

  int rows(Shard.Kind kind) {
    return rows[kind.ordinal()];
  }

  /** The class names in index order (empty for regression). */
  List<String> classes() {
    return classes;
  }

  /** The standardizer applied to every part, fitted on the training part (save it with the model). */
  Optional<Standardizer> standardizer() {
    return standardizer;
  }

  /** The token ids of text rows, fitted on the training part (save it with the model). */
  Optional<Vocabulary> vocabulary() {
    return vocabulary;
  }

  /** Frees the executors' shards and the broadcasts. */
  void release() {
    shards.unpersist(false);
    for (Broadcast<?> b : broadcasts) {
      b.destroy();
    }
  }
}
