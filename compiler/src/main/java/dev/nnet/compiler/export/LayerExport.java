package dev.nnet.compiler.export;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;

/**
 * One layer in the exported class: its constants and weights (declared when made), and the private method computing
 * it at inference from the previous layer's output, channels last, one sample. Adding a layer kind to the exporter
 * means adding one implementation here.
 */
interface LayerExport {
  static LayerExport of(LayerSpec layer, ExportClass cls) {
    // Java 17 has no pattern matching in switch; the chain covers every case of the sealed interface.
    if (layer instanceof LayerSpec.Dense d) {
      return new DenseExport(d, cls);
    } else if (layer instanceof LayerSpec.Conv2d c) {
      return new Conv2dExport(c, cls);
    } else if (layer instanceof LayerSpec.Pool2d p) {
      return new Pool2dExport(p, cls);
    } else if (layer instanceof LayerSpec.GlobalAveragePool2d g) {
      return new GlobalAveragePoolExport(g, cls);
    } else if (layer instanceof LayerSpec.BatchNorm b) {
      return new BatchNormExport(b, cls);
    } else if (layer instanceof LayerSpec.ActivationLayer a) {
      return new ActivationLayerExport(a, cls);
    } else if (layer instanceof LayerSpec.Dropout d) {
      return new Identity(d, "dropout is the identity at inference");
    } else if (layer instanceof LayerSpec.Flatten f) {
      return new Identity(f, "flatten is free: the sample is already stored flat, channels last");
    }
    throw new IllegalArgumentException("the exporter does not support " + layer.getClass().getSimpleName() + " layers");
  }

  LayerSpec spec();

  /** The method {@code private T[] name(T[] x)}, or empty when the layer does nothing at inference. */
  Optional<MethodSpec> method();

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
