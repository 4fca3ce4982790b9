package dev.nnet.compiler.layers.dense;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

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

  @Override
  public OnnxLayer onnx() {
    return DenseOnnx.of(this);
  }

  @Override
  public long trainableParameters() {
    return (long) inputShape.size() * units + (useBias ? units : 0);
  }
}
