package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Every activation as ONNX nodes, from the operators its {@link ActivationKind#onnx} names: one switch over the
 * shapes, exhaustive, so a new shape does not compile until it has its nodes here, while a new activation built from
 * ONNX's operators needs nothing here. The math is the runtime's: see the formulas on each method.
 */
public final class OnnxActivations {
  private OnnxActivations() {}

  /** The operators an activation may name: nnet's own, then Tribuo's (Sigmoid, Softmax, Mul, ...). */
  private static final Map<String, ONNXOperator> OPERATORS = operators();

  private static Map<String, ONNXOperator> operators() {
    Map<String, ONNXOperator> operators = new HashMap<>();
    for (ONNXOperator op : ONNXOperators.values()) {
      operators.put(op.getOpName(), op);
    }
    for (ONNXOperator op : OnnxOps.SHARED) {
      operators.put(op.getOpName(), op);
    }
    return Map.copyOf(operators);
  }

  private static ONNXOperator operator(String name) {
    ONNXOperator op = OPERATORS.get(name);
    if (op == null) {
      throw new IllegalStateException("no ONNX operator " + name + ": add it to OnnxOps");
    }
    return op;
  }

  /** The nodes of {@code a} applied to {@code x}, element by element (softmax over the channel axis). */
  public static Tensor activation(OnnxGraph g, String layer, Activation a, Tensor x) {
    String n = layer + "." + a.kind().keyword();
    ActivationKind.Onnx onnx = a.kind().onnx();
    return switch (onnx.shape()) {
      case IDENTITY -> x;
      case UNARY -> unary(g, operator(onnx.ops().get(0)), n, x,
          a.kind().alpha() == null ? Map.of() : Map.of("alpha", (float) a.alpha()));
      case GATE -> gate(g, n, onnx.ops(), x);
      case SOFTMAX -> softmax(g, n, x);
      case GELU -> gelu(g, n, x);
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

  /**
   * z · opN(…op1(z)), each step a node named after its operator: swish(z) = z·sigmoid(z), mish(z) =
   * z·tanh(softplus(z)) (ONNX's Mish operator arrived in opset 18, after the opset nnet writes).
   */
  private static Tensor gate(OnnxGraph g, String name, List<String> ops, Tensor x) {
    ONNXRef<?> f = x.ref();
    for (String op : ops) {
      f = g.op(operator(op), name + "." + op.toLowerCase(Locale.ROOT), List.of(f));
    }
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), f)), x.shape(), x.layout());
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
