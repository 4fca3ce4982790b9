package dev.nnet.compiler.codegen;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
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
    for (LayerSpec layer : model.layers()) {
      s.append(layer(layer)).append('\n');
    }
    return s.toString();
  }

  private static String layer(LayerSpec layer) {
    String head = layer.name() + " " + shape(layer.inputShape()) + " -> " + shape(layer.outputShape()) + " ";
    if (layer instanceof LayerSpec.Dense d) {
      return head + "dense units=" + d.units() + " activation=" + activation(d.activation()) + " bias=" + d.useBias()
          + " l2=" + d.l2();
    } else if (layer instanceof LayerSpec.Dropout d) {
      return head + "dropout rate=" + d.rate();
    } else if (layer instanceof LayerSpec.Flatten) {
      return head + "flatten";
    } else if (layer instanceof LayerSpec.ActivationLayer a) {
      return head + "activation " + activation(a.activation());
    } else if (layer instanceof LayerSpec.Conv2d c) {
      return head + "conv2d filters=" + c.filters() + " kernel=" + c.kernelHeight() + "x" + c.kernelWidth()
          + " strides=" + c.strideHeight() + "x" + c.strideWidth() + " padding=" + c.padding() + " activation="
          + activation(c.activation()) + " bias=" + c.useBias() + " l2=" + c.l2();
    } else if (layer instanceof LayerSpec.Pool2d p) {
      return head + "pool2d " + p.kind() + " pool=" + p.poolHeight() + "x" + p.poolWidth() + " strides="
          + p.strideHeight() + "x" + p.strideWidth() + " padding=" + p.padding();
    } else if (layer instanceof LayerSpec.GlobalAveragePool2d) {
      return head + "global_average_pool2d";
    } else if (layer instanceof LayerSpec.BatchNorm b) {
      return head + "batch_norm momentum=" + b.momentum() + " epsilon=" + b.epsilon();
    }
    throw new IllegalArgumentException("unknown layer kind: " + layer);
  }

  private static String activation(Activation a) {
    return a.kind().keyword() + "(" + a.alpha() + ")";
  }

  private static String shape(Shape shape) {
    return shape.dims().toString();
  }
}
