package dev.nnet.compiler.layers.activation;

import dev.nnet.compiler.export.onnx.OnnxActivations;
import dev.nnet.compiler.export.onnx.OnnxLayer;

/** An activation layer as ONNX nodes: the activation's own ({@link OnnxActivations}). */
final class ActivationLayerOnnx {
  private ActivationLayerOnnx() {}

  static OnnxLayer of(ActivationLayerSpec a) {
    return (g, x) -> OnnxActivations.activation(g, a.name(), a.activation(), x);
  }
}
