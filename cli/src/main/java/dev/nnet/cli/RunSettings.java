package dev.nnet.cli;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.EarlyStoppingConfig;
import dev.nnet.runtime.train.TrainingPlan;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What a resumed run must share with the run it continues, besides the architecture (which the checkpoint's
 * fingerprint covers): the seed, batch size, shuffling, optimizer, loss, metrics and early stopping, and the
 * training and validation data themselves (their rows, by count and checksum, after splitting and standardizing).
 * Any difference would make the resumed run something other than the continuation of the interrupted one, so it
 * is refused, naming what changed. They are saved as checkpoint metadata under {@value #PREFIX} keys.
 *
 * <p>The number of epochs may differ: continuing an interrupted run for longer is a legitimate request.
 */
record RunSettings(Map<String, String> values) {
  static final String PREFIX = "run.";

  /**
   * Each setting's key and how messages name it, in the order they are compared: the data last, since another seed
   * (which shuffles before splitting) changes it too, and the seed is the better answer then.
   */
  private static final List<List<String>> NAMES =
      List.of(
          List.of("seed", "the seed"),
          List.of("batch_size", "the batch size"),
          List.of("shuffle", "shuffling"),
          List.of("optimizer", "the optimizer"),
          List.of("loss", "the loss"),
          List.of("metrics", "the metrics"),
          List.of("early_stopping", "early stopping"),
          List.of("data", "the training data"),
          List.of("validation", "the validation data"));

  RunSettings {
    values = Map.copyOf(values);
  }

  /** The settings of a run of {@code plan} (overrides applied) on {@code data}. */
  static RunSettings of(TrainingPlan plan, PreparedData data) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("data", describe(data.train()));
    v.put("validation", data.validation().map(RunSettings::describe).orElse("none"));
    v.put("seed", Long.toString(plan.train().seed()));
    v.put("batch_size", Integer.toString(plan.train().batchSize()));
    v.put("shuffle", Boolean.toString(plan.train().shuffle()));
    v.put("optimizer", optimizer(plan.optimizer()));
    v.put("loss", plan.loss());
    v.put("metrics", String.join(", ", plan.metrics()));
    v.put("early_stopping", plan.train().earlyStopping().map(RunSettings::earlyStopping).orElse("none"));
    return new RunSettings(v);
  }

  /** The settings saved in a checkpoint's metadata (empty values for keys it lacks). */
  static RunSettings fromMetadata(Map<String, String> metadata) {
    Map<String, String> v = new LinkedHashMap<>();
    for (List<String> name : NAMES) {
      v.put(name.get(0), metadata.getOrDefault(PREFIX + name.get(0), ""));
    }
    return new RunSettings(v);
  }

  /** The settings as checkpoint metadata. */
  Map<String, String> asMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    for (List<String> name : NAMES) {
      m.put(PREFIX + name.get(0), values.get(name.get(0)));
    }
    return m;
  }

  /** What differs between {@code saved} (the interrupted run's) and these settings, worded for the user. */
  Optional<String> differenceFrom(RunSettings saved) {
    for (List<String> name : NAMES) {
      String then = saved.values.getOrDefault(name.get(0), "");
      String now = values.get(name.get(0));
      if (!then.equals(now)) {
        return Optional.of(name.get(1) + " differs: the interrupted run had " + (then.isEmpty() ? "(not recorded)" : then)
            + ", this run has " + now);
      }
    }
    return Optional.empty();
  }

  /** Rows, values per row, and a CRC-32C of every feature and target bit: equal data, equal description. */
  static String describe(Dataset d) {
    CRC32C crc = new CRC32C();
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    float[] values = new float[chunk.capacity() / Float.BYTES];
    // Through copyFeatures: features stored as bytes are checksummed as the floats they stand for, without making them.
    long features = (long) d.rows() * d.featureSize();
    for (long i = 0; i < features; i += values.length) {
      int n = (int) Math.min(features - i, values.length);
      d.copyFeatures((int) i, values, 0, n);
      update(crc, chunk, values, 0, n);
    }
    float[] targets = d.targets();
    for (int i = 0; i < targets.length; i += values.length) {
      update(crc, chunk, targets, i, Math.min(targets.length - i, values.length));
    }
    return String.format(
        Locale.ROOT, "%d rows of %d features and %d targets (checksum %08x)", d.rows(), d.featureSize(),
        d.targetSize(), crc.getValue());
  }

  /** Adds {@code values[from, from + n)}'s bits, big-endian, to {@code crc}; {@code chunk} holds n floats. */
  private static void update(CRC32C crc, ByteBuffer chunk, float[] values, int from, int n) {
    chunk.clear();
    chunk.asFloatBuffer().put(values, from, n);
    chunk.limit(n * Float.BYTES);
    crc.update(chunk);
  }

  private static String optimizer(OptimizerConfig o) {
    String args =
        switch (o.kind()) {
          case SGD -> "momentum = " + n(o.momentum()) + ", nesterov = " + o.nesterov();
          case ADAM -> "beta_1 = " + n(o.beta1()) + ", beta_2 = " + n(o.beta2()) + ", epsilon = " + n(o.epsilon());
          case ADAMW -> "beta_1 = " + n(o.beta1()) + ", beta_2 = " + n(o.beta2()) + ", epsilon = " + n(o.epsilon())
              + ", weight_decay = " + n(o.weightDecay());
          case RMSPROP -> "rho = " + n(o.rho()) + ", momentum = " + n(o.momentum()) + ", epsilon = " + n(o.epsilon());
          case ADAGRAD -> "initial_accumulator_value = " + n(o.initialAccumulator()) + ", epsilon = " + n(o.epsilon());
        };
    return o.kind().keyword() + "(learning_rate = " + n(o.learningRate()) + ", " + args + ")";
  }

  /** A number as a model file would write it: {@code 0.01}, {@code 1e-7}. */
  private static String n(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
  }

  private static String earlyStopping(EarlyStoppingConfig e) {
    return "early_stopping(monitor = " + e.monitor() + ", patience = " + e.patience() + ", min_delta = "
        + n(e.minDelta()) + ", restore_best_weights = " + e.restoreBest() + ")";
  }
}
