package dev.nnet.compiler.export.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators nnet's graphs use that Tribuo's {@link org.tribuo.util.onnx.ONNXOperators} does not define,
 * with the attributes nnet sets (each optional in ONNX unless marked). Semantics are those of opset
 * {@value OnnxExporter#OPSET}; Tribuo builds and checks the nodes.
 */
public enum OnnxOps implements ONNXOperator {
  RELU("Relu", 1, 0),
  LEAKY_RELU("LeakyRelu", 1, 0, attr("alpha", AttributeType.FLOAT)),
  ELU("Elu", 1, 0, attr("alpha", AttributeType.FLOAT)),
  TANH("Tanh", 1, 0),
  SOFTPLUS("Softplus", 1, 0),
  ERF("Erf", 1, 0),
  /** Inputs X [N, C, H, W] (or [N, C, T]), W [filters, C, kh, kw] (or [filters, C, k]), optional B [filters]. */
  CONV("Conv", 2, 1,
      attr("kernel_shape", AttributeType.INTS), attr("strides", AttributeType.INTS), attr("pads", AttributeType.INTS)),
  MAX_POOL("MaxPool", 1, 0,
      attr("kernel_shape", AttributeType.INTS, true), attr("strides", AttributeType.INTS),
      attr("pads", AttributeType.INTS)),
  AVERAGE_POOL("AveragePool", 1, 0,
      attr("kernel_shape", AttributeType.INTS, true), attr("strides", AttributeType.INTS),
      attr("pads", AttributeType.INTS), attr("count_include_pad", AttributeType.INT)),
  GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 0),
  GLOBAL_MAX_POOL("GlobalMaxPool", 1, 0),
  /** Inputs X, scale, B, input_mean, input_var; inference mode (one output). */
  BATCH_NORMALIZATION("BatchNormalization", 5, 0, attr("epsilon", AttributeType.FLOAT)),
  /** Inputs X, Scale, optional B; normalizes over the axes from {@code axis} on (opset 17). */
  LAYER_NORMALIZATION("LayerNormalization", 2, 1, attr("axis", AttributeType.INT), attr("epsilon", AttributeType.FLOAT)),
  /** Inputs data and an int64 shape. */
  RESHAPE("Reshape", 2, 0),
  TRANSPOSE("Transpose", 1, 0, attr("perm", AttributeType.INTS)),
  /**
   * Inputs X [steps, N, features], W, R, optional B and sequence_lens (int32 [N]: steps past it are skipped, their
   * Y is 0, and the reverse direction starts at its last step); outputs Y [steps, directions, N, units] and Y_h
   * [directions, N, units]. Gates z r h, as Keras.
   */
  GRU("GRU", 3, 2, 2, attr("hidden_size", AttributeType.INT, true), attr("direction", AttributeType.STRING),
      attr("linear_before_reset", AttributeType.INT)),
  /** As GRU; gates i o f c. */
  LSTM("LSTM", 3, 2, 2, attr("hidden_size", AttributeType.INT, true), attr("direction", AttributeType.STRING)),
  /** As GRU; one gate, tanh. */
  RNN("RNN", 3, 2, 2, attr("hidden_size", AttributeType.INT, true), attr("direction", AttributeType.STRING));

  private final String name;
  private final int inputs;
  private final int optionalInputs;
  private final int outputs;
  private final Map<String, ONNXAttribute> attributes;

  OnnxOps(String name, int inputs, int optionalInputs, ONNXAttribute... attributes) {
    this(name, inputs, optionalInputs, 1, attributes);
  }

  OnnxOps(String name, int inputs, int optionalInputs, int outputs, ONNXAttribute... attributes) {
    this.name = name;
    this.inputs = inputs;
    this.optionalInputs = optionalInputs;
    this.outputs = outputs;
    Map<String, ONNXAttribute> m = new LinkedHashMap<>();
    for (ONNXAttribute a : attributes) {
      m.put(a.getName(), a);
    }
    this.attributes = Map.copyOf(m);
  }

  private static ONNXAttribute attr(String name, AttributeType type) {
    return attr(name, type, false);
  }

  private static ONNXAttribute attr(String name, AttributeType type, boolean mandatory) {
    return new ONNXAttribute(name, type, mandatory);
  }

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
