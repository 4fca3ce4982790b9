package dev.nnet.compiler.check;

import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Sizes the language allows but the generated code cannot hold, checked so that {@code nnet check} refuses them with
 * a diagnostic instead of javac or the JVM failing later. (Nesting depth is the parser's: {@code
 * ModelParser.MAX_NESTING}; name lengths are {@link JavaNames#MAX_NAME_LENGTH}.)
 */
public final class Limits {
  private Limits() {}

  /**
   * The most layers a model may have. The generated constructor sets every layer up in one method, and a JVM method
   * holds at most 64 KiB of bytecode: 300 convolutions overflow it, 200 of any kind fit (tested with the bulkiest).
   */
  public static final int MAX_LAYERS = 200;

  /** The most token ids a float32 network carries exactly: float32 has 24 significant bits. */
  public static final int EXACT_FLOAT_IDS = 1 << 24;

  /** The most values a Java array holds (the JDK's own limit for array allocation). */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * Why a batch of {@code batch} samples does not fit the arrays of a model with these layers, or empty when it does:
   * each layer's outputs for the whole batch live in one array.
   */
  public static Optional<String> batchProblem(Shape input, List<LayerSpec> layers, long batch) {
    long widest = input.size();
    String where = "the input";
    for (LayerSpec l : layers) {
      if (l.outputShape().size() > widest) {
        widest = l.outputShape().size();
        where = "layer " + l.name();
      }
    }
    if (batch * widest > MAX_ARRAY) {
      return Optional.of(String.format(
          "a batch of %,d samples of %s's %,d values is %,d values, more than the %,d a Java array holds; the"
              + " largest batch for this model is %,d", batch, where, widest, batch * widest, MAX_ARRAY,
          MAX_ARRAY / widest));
    }
    return Optional.empty();
  }
}
