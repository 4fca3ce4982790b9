package dev.nnet.compiler.codegen;

import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The architecture's fingerprint: the first 16 hex digits of the SHA-256 of a canonical text naming the precision,
 * the input shape and, per layer, its kind, name, shapes, activation and options. Initializers are left out: they
 * only decide where training starts, not what a checkpoint's numbers mean. Computed when generating, so a
 * generated class carries it as a constant.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String of(ModelSpec model, Precision precision) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical(model, precision).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** One line per fact; doubles in Java's shortest round-trip form. */
  static String canonical(ModelSpec model, Precision precision) {
    StringBuilder s = new StringBuilder("nnet architecture 1\n");
    s.append("precision ").append(precision.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
    s.append("input ").append(shape(model.input())).append('\n');
    // Only models with token input have this line, so every other model keeps its fingerprint.
    model.tokens().flatMap(t -> t.text()).ifPresent(t -> s.append("text max_tokens=").append(t.maxTokens())
        .append(" split=").append(TokenInput.splitKeyword(t.characters())).append(" lowercase=")
        .append(t.lowercase()).append('\n'));
    for (LayerSpec layer : model.layers()) {
      s.append(layer(layer)).append('\n');
    }
    return s.toString();
  }

  private static String layer(LayerSpec layer) {
    return layer.name() + " " + shape(layer.inputShape()) + " -> " + shape(layer.outputShape()) + " "
        + layer.fingerprint();
  }

  private static String shape(Shape shape) {
    return shape.dims().toString();
  }
}
