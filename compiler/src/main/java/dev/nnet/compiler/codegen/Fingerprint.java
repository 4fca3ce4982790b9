package dev.nnet.compiler.codegen;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationLayerSpec;
import dev.nnet.compiler.model.BatchNormSpec;
import dev.nnet.compiler.model.BidirectionalSpec;
import dev.nnet.compiler.model.Conv1dSpec;
import dev.nnet.compiler.model.Conv2dSpec;
import dev.nnet.compiler.model.DenseSpec;
import dev.nnet.compiler.model.DropoutSpec;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.FlattenSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.LayerNormSpec;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Pool1dSpec;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.RecurrentSpec;
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
    String head = layer.name() + " " + shape(layer.inputShape()) + " -> " + shape(layer.outputShape()) + " ";
    return head + layer.accept(
        new LayerSpec.Visitor<String>() {
          @Override
          public String dense(DenseSpec d) {
            return "dense units=" + d.units() + " activation=" + Fingerprint.activation(d.activation()) + " bias=" + d.useBias()
                + " l2=" + d.l2();
          }

          @Override
          public String dropout(DropoutSpec d) {
            return "dropout rate=" + d.rate();
          }

          @Override
          public String flatten(FlattenSpec f) {
            return "flatten";
          }

          @Override
          public String activation(ActivationLayerSpec a) {
            return "activation " + Fingerprint.activation(a.activation());
          }

          @Override
          public String conv2d(Conv2dSpec c) {
            return "conv2d filters=" + c.filters() + " kernel=" + c.kernelHeight() + "x" + c.kernelWidth()
                + " strides=" + c.strideHeight() + "x" + c.strideWidth() + " padding=" + c.padding() + " activation="
                + Fingerprint.activation(c.activation()) + " bias=" + c.useBias() + " l2=" + c.l2();
          }

          @Override
          public String pool2d(Pool2dSpec p) {
            return "pool2d " + p.kind() + " pool=" + p.poolHeight() + "x" + p.poolWidth() + " strides="
                + p.strideHeight() + "x" + p.strideWidth() + " padding=" + p.padding();
          }

          @Override
          public String globalPool(GlobalPoolSpec g) {
            // The 2-D average keeps the fingerprint it had before global pooling had kinds.
            return g.kind() == PoolKind.AVERAGE && g.inputShape().rank() == 3 && !g.masked()
                ? "global_average_pool2d"
                : "global_pool " + g.kind() + " masked=" + g.masked();
          }

          @Override
          public String batchNorm(BatchNormSpec b) {
            return "batch_norm momentum=" + b.momentum() + " epsilon=" + b.epsilon();
          }

          @Override
          public String layerNorm(LayerNormSpec l) {
            return "layer_norm epsilon=" + l.epsilon();
          }

          @Override
          public String conv1d(Conv1dSpec c) {
            return "conv1d filters=" + c.filters() + " kernel=" + c.kernelSize() + " strides=" + c.stride()
                + " padding=" + c.padding() + " activation=" + Fingerprint.activation(c.activation()) + " bias="
                + c.useBias() + " l2=" + c.l2();
          }

          @Override
          public String pool1d(Pool1dSpec p) {
            return "pool1d " + p.kind() + " pool=" + p.poolSize() + " strides=" + p.stride() + " padding="
                + p.padding();
          }

          @Override
          public String recurrent(RecurrentSpec r) {
            return Fingerprint.recurrent(r);
          }

          @Override
          public String bidirectional(BidirectionalSpec b) {
            return "bidirectional merge=concat " + Fingerprint.recurrent(b.forward());
          }

          @Override
          public String embedding(EmbeddingSpec e) {
            return "embedding input_dim=" + e.inputDim() + " output_dim=" + e.outputDim() + " mask_zero=" + e.maskZero();
          }
        });
  }

  /** The options that change what a recurrent layer's weights mean (the mask changes only which steps count). */
  private static String recurrent(RecurrentSpec r) {
    return r.cell().keyword() + " units=" + r.units() + " bias=" + r.useBias() + " return_sequences="
        + r.returnSequences() + " masked=" + r.masked();
  }

  private static String activation(Activation a) {
    return a.kind().keyword() + "(" + a.alpha() + ")";
  }

  private static String shape(Shape shape) {
    return shape.dims().toString();
  }
}
