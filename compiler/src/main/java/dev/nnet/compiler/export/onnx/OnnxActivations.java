package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.Activation;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * Every activation as ONNX nodes, one dispatch over them: the switch is exhaustive over the enum, so a new
 * activation does not compile until it has its nodes here. The math is the runtime's: see the formulas on each
 * method.
 */
public final class OnnxActivations {
  private OnnxActivations() {}

  /** The nodes of {@code a} applied to {@code x}, element by element (softmax over the channel axis). */
  public static Tensor activation(OnnxGraph g, String layer, Activation a, Tensor x) {
    String n = layer + "." + a.kind().keyword();
    return switch (a.kind()) {
      case LINEAR -> x;
      case RELU -> unary(g, OnnxOps.RELU, n, x, Map.of());
      case LEAKY_RELU -> unary(g, OnnxOps.LEAKY_RELU, n, x, Map.of("alpha", (float) a.alpha()));
      case ELU -> unary(g, OnnxOps.ELU, n, x, Map.of("alpha", (float) a.alpha()));
      case SIGMOID -> unary(g, ONNXOperators.SIGMOID, n, x, Map.of());
      case TANH -> unary(g, OnnxOps.TANH, n, x, Map.of());
      case SOFTPLUS -> unary(g, OnnxOps.SOFTPLUS, n, x, Map.of());
      case SOFTMAX -> softmax(g, n, x);
      case SWISH -> swish(g, n, x);
      case GELU -> gelu(g, n, x);
      case MISH -> mish(g, n, x);
    };
  }

  private static Tensor unary(OnnxGraph g, ONNXOperator op, String name, Tensor x,
      Map<String, Object> attributes) {
    return new Tensor(g.op(op, name, List.of(x.ref()), attributes), x.shape(), x.layout());
  }

  /** softmax(z) = e^z / Σ e^z over the sample's last axis (ONNX's Softmax normalizes along one axis since opset 13). */
  public static Tensor softmax(OnnxGraph g, String name, Tensor x) {
    // A flat tensor of a multi-axis sample is reshaped first, so the sum runs over the last axis only.
    Tensor in = x.layout() == Layout.FLAT && x.shape().rank() > 1 ? g.channelsLast(x, name) : x;
    return unary(g, ONNXOperators.SOFTMAX, name, in, Map.of("axis", in.channelAxis()));
  }

  /** swish(z) = z·sigmoid(z): ONNX has no single operator for it. */
  public static Tensor swish(OnnxGraph g, String name, Tensor x) {
    ONNXNode s = g.op(ONNXOperators.SIGMOID, name + ".sigmoid", List.of(x.ref()));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), s)), x.shape(), x.layout());
  }

  /** mish(z) = z·tanh(softplus(z)): ONNX's Mish operator arrived in opset 18, after the opset nnet writes. */
  public static Tensor mish(OnnxGraph g, String name, Tensor x) {
    ONNXNode softplus = g.op(OnnxOps.SOFTPLUS, name + ".softplus", List.of(x.ref()));
    ONNXNode tanh = g.op(OnnxOps.TANH, name + ".tanh", List.of(softplus));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), tanh)), x.shape(), x.layout());
  }

  /**
   * gelu(z) = z·Φ(z) = z·(1 + erf(z/√2))/2, the exact form (ONNX's Gelu operator arrived in opset 20, after the opset
   * nnet writes).
   */
  public static Tensor gelu(OnnxGraph g, String name, Tensor x) {
    ONNXNode scaled = g.op(ONNXOperators.MUL, name + ".scaled", List.of(x.ref(),
        g.scalar(name + ".inv_sqrt2", (float) Math.sqrt(0.5))));
    ONNXNode erf = g.op(OnnxOps.ERF, name + ".erf", List.of(scaled));
    ONNXNode onePlus = g.op(ONNXOperators.ADD, name + ".one_plus", List.of(erf, g.scalar(name + ".one", 1f)));
    ONNXNode half = g.op(ONNXOperators.MUL, name + ".half", List.of(onePlus, g.scalar(name + ".half", 0.5f)));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), half)), x.shape(), x.layout());
  }
}
