package dev.nnet.compiler.layers.dense;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxActivations;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/** A fully connected layer: {@code y = activation(x W + b)}, W of shape [in, units]. */
public record DenseSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    int units,
    Activation activation,
    Initializer kernelInitializer,
    boolean useBias,
    double l2)
    implements Layer {
  @Override
  public String kerasName() {
    return "Dense";
  }

  @Override
  public long forwardFlops() {
    long out = outputShape.size();
    return 2L * inputShape.size() * units + (useBias ? out : 0) + LayerSpec.activationFlops(activation, out);
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public String fingerprint() {
    return "dense units=" + units() + " activation=" + LayerSpec.fingerprint(activation()) + " bias=" + useBias()
        + " l2=" + l2();
  }

  @Override
  public LayerEmitter emitter() {
    return new DenseEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new DenseExport(this, cls);
  }

  /** y = f(x·W + b), W [in, units] as in the checkpoint: Gemm on the flat sample. */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    String n = name();
    Tensor in = g.flat(x, n);
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(inputShape().size(), units()))));
    if (useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(units())));
    }
    ONNXNode z = g.op(ONNXOperators.GEMM, n, inputs);
    return OnnxActivations.activation(g, n, activation(), new Tensor(z, outputShape(), Layout.FLAT));
  }

  @Override
  public long trainableParameters() {
    return (long) inputShape.size() * units + (useBias ? units : 0);
  }
}
