package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.LayerSpec;

/**
 * What every layer spec is: the writer of its own ONNX nodes ({@code dev.nnet.compiler.layers.Layer} extends it).
 * Each kind's nodes live in its package under {@code dev.nnet.compiler.layers}, beside its spec; the math is the
 * runtime's, with the formula on each implementation.
 */
public interface OnnxLayer {
  /** The nodes of this layer applied to {@code x}, named after the layer; returns the layer's output. */
  Tensor onnx(OnnxGraph g, Tensor x);

  /**
   * Throws an {@link OnnxExportException} when this layer cannot be expressed in {@code g}'s graph; called for every
   * layer before any node is built, so a refusal gives its real reason. Most layers always can.
   */
  default void checkExportable(OnnxGraph g) {}

  /** {@code layer}'s ONNX writer: every layer kind's spec is an {@link OnnxLayer}, as {@code LayerTableTest} checks. */
  static OnnxLayer of(LayerSpec layer) {
    return (OnnxLayer) layer;
  }
}
