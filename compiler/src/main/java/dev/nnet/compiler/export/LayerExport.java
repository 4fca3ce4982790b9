package dev.nnet.compiler.export;

import com.palantir.javapoet.MethodSpec;
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
import dev.nnet.compiler.model.Pool1dSpec;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.RecurrentSpec;
import java.util.Optional;

/**
 * One layer in the exported class: its constants and weights (declared when made), and the private method computing
 * it at inference from the previous layer's output, channels last, one sample. Adding a layer kind to the exporter
 * means adding one implementation here.
 */
interface LayerExport {
  static LayerExport of(LayerSpec layer, ExportClass cls) {
    return layer.accept(
        new LayerSpec.Visitor<LayerExport>() {
          @Override
          public LayerExport dense(DenseSpec d) {
            return new DenseExport(d, cls);
          }

          @Override
          public LayerExport dropout(DropoutSpec d) {
            return new Identity(d, "dropout is the identity at inference");
          }

          @Override
          public LayerExport flatten(FlattenSpec f) {
            return new Identity(f, "flatten is free: the sample is already stored flat, channels last");
          }

          @Override
          public LayerExport activation(ActivationLayerSpec a) {
            return new ActivationLayerExport(a, cls);
          }

          @Override
          public LayerExport conv2d(Conv2dSpec c) {
            return new Conv2dExport(c, cls);
          }

          @Override
          public LayerExport pool2d(Pool2dSpec p) {
            return new Pool2dExport(p, cls);
          }

          @Override
          public LayerExport globalPool(GlobalPoolSpec g) {
            return new GlobalPoolExport(g, cls);
          }

          @Override
          public LayerExport batchNorm(BatchNormSpec b) {
            return new BatchNormExport(b, cls);
          }

          @Override
          public LayerExport layerNorm(LayerNormSpec l) {
            return new LayerNormExport(l, cls);
          }

          @Override
          public LayerExport conv1d(Conv1dSpec c) {
            return new Conv2dExport(c.asConv2d(), cls); // a sequence is stored as a 1 × steps image
          }

          @Override
          public LayerExport pool1d(Pool1dSpec p) {
            return new Pool2dExport(p.asPool2d(), cls);
          }

          @Override
          public LayerExport recurrent(RecurrentSpec r) {
            return new RecurrentExport(r, cls);
          }

          @Override
          public LayerExport bidirectional(BidirectionalSpec b) {
            return new RecurrentExport(b, cls);
          }

          @Override
          public LayerExport embedding(EmbeddingSpec e) {
            return new EmbeddingExport(e, cls);
          }
        });
  }

  LayerSpec spec();

  /** The method {@code private T[] name(T[] x)}, or empty when the layer does nothing at inference. */
  Optional<MethodSpec> method();

  /**
   * Whether the method also takes the model's input, {@code private T[] name(T[] x, T[] ids)}: a pooling after an
   * embedding with mask_zero reads which steps are padding (id 0) from the token ids.
   */
  default boolean readsInput() {
    return false;
  }

  /** Why the layer has no method, for a comment where it would be called. */
  default String note() {
    return "";
  }

  /** A layer that is the identity at inference. */
  record Identity(LayerSpec spec, String note) implements LayerExport {
    @Override
    public Optional<MethodSpec> method() {
      return Optional.empty();
    }
  }
}
