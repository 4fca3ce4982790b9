package dev.nnet.compiler.export.onnx;

import ai.onnx.proto.OnnxMl;
import dev.nnet.compiler.export.ExportOptions;
import dev.nnet.compiler.export.Exporter;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Task;
import dev.nnet.compiler.model.TokenInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Exports a trained model as one ONNX model: a float32 graph of opset {@value #OPSET} (IR version
 * {@value #IR_VERSION}) taking raw rows, as {@code nnet evaluate} reads them from the data files, and giving what
 * the network gives: a probability per class (or the probability of class 1, for a sigmoid output), or the
 * predicted values for regression. The input's scale and standardization are the graph's first nodes; every trained
 * array is an initializer. The model's metadata_props carry the class names, the architecture's fingerprint and
 * where the model came from ({@link #metadata}).
 */
public final class OnnxExporter {
  /** The ONNX operator set the graph imports (ai.onnx): read by ONNX Runtime 1.13 and later. */
  public static final int OPSET = 17;

  /** The ONNX IR version written: the highest that opset 17 goes with. */
  public static final int IR_VERSION = 8;

  /** The graph's input: [batch, features], raw features flattened channels last. */
  public static final String INPUT = "input";

  /** The graph's output for classification: [batch, classes], or [batch, 1] for a sigmoid output. */
  public static final String PROBABILITIES = "probabilities";

  /** The graph's output for regression: [batch, values]. */
  public static final String OUTPUT = "output";

  private OnnxExporter() {}

  /**
   * The ONNX model of {@code model} with the trained {@code values}.
   *
   * @param options class names, standardization and input scale, as for the Java export (its names are unused)
   * @param fingerprint the architecture fingerprint of the checkpoint the values come from
   * @param values every parameter by checkpoint name ({@code dense1.kernel}), and the standardizer's statistics
   *     ({@link Exporter#STANDARDIZER_MEAN}) when {@code options} standardizes, widened to double
   * @throws OnnxExportException when a piece of the model cannot be expressed in the graph
   */
  public static OnnxMl.ModelProto export(ModelSpec model, ExportOptions options, String fingerprint,
      Map<String, double[]> values) {
    OnnxGraph g = new OnnxGraph(values, model.precision() == Precision.FLOAT64);
    g.context.setName(model.name());
    int features = model.input().size();
    ONNXPlaceholder input = g.context.floatInput(INPUT, features);
    Tensor x = new Tensor(input, model.input(), Layout.FLAT);
    x = prepare(g, model, options, x);
    g.paddingAnywhere = model.tokens().isPresent() && model.tokens().get().text().isEmpty();
    for (LayerSpec layer : model.layers()) {
      OnnxLayer.of(layer).checkExportable(g);
    }
    for (LayerSpec layer : model.layers()) {
      x = OnnxLayer.of(layer).nodes(g, x);
    }
    Tensor last = g.flat(x, "output");
    ONNXPlaceholder output = g.context.floatOutput(outputName(model), model.output().size());
    g.context.assignTo(last.ref(), output);

    OnnxMl.ModelProto.Builder proto = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("nnet")
        .setDomain("dev.nnet")
        .setModelVersion(1)
        .setDocString(docString(model))
        .setGraph(g.context.buildGraph());
    metadata(model, options, fingerprint).forEach((k, v) ->
        proto.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return proto.build();
  }

  /** {@value #PROBABILITIES} for classifiers, {@value #OUTPUT} for regression. */
  public static String outputName(ModelSpec model) {
    return model.task() == Task.REGRESSION ? OUTPUT : PROBABILITIES;
  }

  /**
   * What the graph does to raw features before the first layer, as the data pipeline does in float32: multiply by
   * the loader's scale, then subtract the training data's mean and divide by its standard deviation.
   */
  private static Tensor prepare(OnnxGraph g, ModelSpec model, ExportOptions options, Tensor x) {
    Tensor t = x;
    if (options.inputScale() != 1.0) {
      ONNXNode scaled = g.op(ONNXOperators.MUL, "input.scaled",
          List.of(t.ref(), g.scalar("input.scale", (float) options.inputScale())));
      t = new Tensor(scaled, t.shape(), t.layout());
    }
    if (options.standardized()) {
      List<Integer> dims = List.of(model.input().size());
      ONNXNode centred = g.op(ONNXOperators.SUB, "input.centred",
          List.of(t.ref(), g.weights("input", Exporter.STANDARDIZER_MEAN, dims)));
      ONNXNode standardized = g.op(ONNXOperators.DIV, "input.standardized",
          List.of(centred, g.weights("input", Exporter.STANDARDIZER_STD, dims)));
      t = new Tensor(standardized, t.shape(), t.layout());
    }
    return t;
  }

  /**
   * The model's metadata_props: {@code classes} (a JSON array of the class names by index; absent for regression),
   * {@code fingerprint} (the trained architecture's), {@code task}, {@code model} (its name), {@code source} (the
   * .nnet file), {@code input_shape} (one sample's shape, channels last, as a JSON array) and {@code precision}
   * (what the model trained in; the graph computes in float32). A model with {@code input text(...)} adds
   * {@code vocabulary} (a JSON array of the tokens by id: "" padding, "[UNK]" unknown, then the training data's
   * tokens) and {@code tokenizer} (a JSON object: max_length, max_tokens, split, lowercase): the graph takes token
   * ids, and a caller tokenizes as nnet did.
   */
  public static Map<String, String> metadata(ModelSpec model, ExportOptions options, String fingerprint) {
    Map<String, String> m = new LinkedHashMap<>();
    List<String> classes = options.classNames(model);
    if (!classes.isEmpty()) {
      m.put("classes", classes.stream().map(OnnxExporter::jsonString).collect(Collectors.joining(", ", "[", "]")));
    }
    m.put("fingerprint", fingerprint);
    m.put("task", model.task().name().toLowerCase(Locale.ROOT));
    m.put("model", model.name());
    m.put("source", model.sourceFile());
    m.put("input_shape", model.input().dims().toString());
    m.put("precision", model.precision().name().toLowerCase(Locale.ROOT));
    model.tokens().ifPresent(t -> t.text().ifPresent(text -> {
      m.put("tokenizer", "{\"max_length\": " + t.length() + ", \"max_tokens\": " + text.maxTokens()
          + ", \"split\": \"" + TokenInput.splitKeyword(text.characters()) + "\", \"lowercase\": " + text.lowercase()
          + "}");
      m.put("vocabulary", options.vocabulary().stream().map(OnnxExporter::jsonString)
          .collect(Collectors.joining(", ", "[", "]")));
    }));
    return m;
  }

  private static String docString(ModelSpec model) {
    String out = switch (model.task()) {
      case MULTICLASS_CLASSIFICATION -> "a probability per class, in the order of metadata_props 'classes'";
      case BINARY_CLASSIFICATION -> "the probability of class 1, the second of metadata_props 'classes'";
      case REGRESSION -> "the predicted values";
    };
    return "The trained network of " + model.sourceFile() + ", exported by nnet. Input '" + INPUT
        + "': [batch, " + model.input().size() + "] " + (model.tokens().isPresent()
            ? "token ids as float (tokenize with metadata_props 'tokenizer' and 'vocabulary')"
            : "raw features as in the data files, flattened channels last") + ". Output '"
        + outputName(model) + "': [batch, " + model.output().size() + "], " + out + ".";
  }

  /** {@code s} as a JSON string literal. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
