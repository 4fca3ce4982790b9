package dev.nnet.compiler.layers.dense;

import dev.nnet.compiler.export.onnx.OnnxActivations;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/** A dense layer as ONNX nodes: Gemm on the flat sample, then the activation. */
final class DenseOnnx {
  private DenseOnnx() {}

  static OnnxLayer of(DenseSpec d) {
    return (g, x) -> nodes(g, d, x);
  }

  /** y = f(x·W + b), W [in, units] as in the checkpoint: Gemm on the flat sample. */
  private static Tensor nodes(OnnxGraph g, DenseSpec d, Tensor x) {
    String n = d.name();
    Tensor in = g.flat(x, n);
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(d.inputShape().size(), d.units()))));
    if (d.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(d.units())));
    }
    ONNXNode z = g.op(ONNXOperators.GEMM, n, inputs);
    return OnnxActivations.activation(g, n, d.activation(), new Tensor(z, d.outputShape(), Layout.FLAT));
  }
}
