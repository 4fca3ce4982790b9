package dev.nnet.compiler.export.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators nnet's graphs use that Tribuo's {@link org.tribuo.util.onnx.ONNXOperators} does not define,
 * with the attributes nnet sets (each optional in ONNX unless marked): here those several layer kinds and the
 * activations share, and {@link #operator} for a layer kind to declare its own (conv2d's Conv, layernorm's
 * LayerNormalization, ...) in its package. Semantics are those of opset {@value OnnxExporter#OPSET}; Tribuo builds
 * and checks the nodes.
 */
public final class OnnxOps {
  private OnnxOps() {}

  public static final ONNXOperator RELU = operator("Relu", 1, 0);
  public static final ONNXOperator LEAKY_RELU = operator("LeakyRelu", 1, 0, attr("alpha", AttributeType.FLOAT));
  public static final ONNXOperator ELU = operator("Elu", 1, 0, attr("alpha", AttributeType.FLOAT));
  public static final ONNXOperator TANH = operator("Tanh", 1, 0);
  public static final ONNXOperator SOFTPLUS = operator("Softplus", 1, 0);
  public static final ONNXOperator ERF = operator("Erf", 1, 0);
  /** Inputs data and an int64 shape. */
  public static final ONNXOperator RESHAPE = operator("Reshape", 2, 0);
  public static final ONNXOperator TRANSPOSE = operator("Transpose", 1, 0, attr("perm", AttributeType.INTS));

  /** The operators above, which an activation may name ({@code ActivationKind.onnx()}). */
  static final List<ONNXOperator> SHARED = List.of(RELU, LEAKY_RELU, ELU, TANH, SOFTPLUS, ERF, RESHAPE, TRANSPOSE);

  /** An operator of the default domain (ai.onnx) with one output. */
  public static ONNXOperator operator(String name, int inputs, int optionalInputs, ONNXAttribute... attributes) {
    return operator(name, inputs, optionalInputs, 1, attributes);
  }

  /** An operator of the default domain (ai.onnx), at the opset nnet writes. */
  public static ONNXOperator operator(String name, int inputs, int optionalInputs, int outputs,
      ONNXAttribute... attributes) {
    Map<String, ONNXAttribute> m = new LinkedHashMap<>();
    for (ONNXAttribute a : attributes) {
      m.put(a.getName(), a);
    }
    return new Operator(name, inputs, optionalInputs, outputs, Map.copyOf(m));
  }

  /** An optional attribute. */
  public static ONNXAttribute attr(String name, AttributeType type) {
    return attr(name, type, false);
  }

  public static ONNXAttribute attr(String name, AttributeType type, boolean mandatory) {
    return new ONNXAttribute(name, type, mandatory);
  }

  private record Operator(String name, int inputs, int optionalInputs, int outputs,
      Map<String, ONNXAttribute> attributes) implements ONNXOperator {
    @Override
    public String getOpName() {
      return name;
    }

    @Override
    public int getNumInputs() {
      return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
      return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
      return outputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
      return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
      return attributes.values().stream()
          .filter(ONNXAttribute::isMandatory)
          .map(ONNXAttribute::getName)
          .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
      return OnnxExporter.OPSET;
    }

    /** The default domain, ai.onnx (Tribuo writes no domain for null). */
    @Override
    public String getOpDomain() {
      return null;
    }
  }
}
