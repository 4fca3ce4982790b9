package dev.nnet.compiler.layers.flatten;

import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;

/** Flatten as ONNX nodes: a reshape of the sample to one row. */
final class FlattenOnnx {
  private FlattenOnnx() {}

  static OnnxLayer of(FlattenSpec f) {
    return (g, x) -> nodes(g, f, x);
  }

  /** Flatten: the sample as one row, channels last (a reshape, after moving channels back last if needed). */
  private static Tensor nodes(OnnxGraph g, FlattenSpec f, Tensor x) {
    Tensor flat = g.flat(x, f.name());
    return new Tensor(flat.ref(), f.outputShape(), Layout.FLAT);
  }
}
