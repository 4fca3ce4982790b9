package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.LayerSpec;

/**
 * One layer's ONNX nodes. Each kind's writer lives in its package under {@code dev.nnet.compiler.layers}, beside its
 * spec, which makes it ({@link Source}); the math is the runtime's, with the formula on each writer. A spec names its
 * writer only through this interface, so that code which never exports to ONNX (the Maven plugin, which does not
 * carry Tribuo) loads the specs without Tribuo's classes.
 */
public interface OnnxLayer {
  /** What every layer spec is: the maker of its ONNX writer ({@code dev.nnet.compiler.layers.Layer} extends it). */
  interface Source {
    /** This layer's ONNX writer. */
    OnnxLayer onnx();
  }

  /** A layer that is the identity at inference (dropout). */
  OnnxLayer IDENTITY = (g, x) -> x;

  /** The nodes of this layer applied to {@code x}, named after the layer; returns the layer's output. */
  Tensor nodes(OnnxGraph g, Tensor x);

  /**
   * Throws an {@link OnnxExportException} when this layer cannot be expressed in {@code g}'s graph; called for every
   * layer before any node is built, so a refusal gives its real reason. Most layers always can.
   */
  default void checkExportable(OnnxGraph g) {}

  /** {@code layer}'s ONNX writer: every layer kind's spec is a {@link Source}, as {@code LayerTableTest} checks. */
  static OnnxLayer of(LayerSpec layer) {
    return ((Source) layer).onnx();
  }
}
