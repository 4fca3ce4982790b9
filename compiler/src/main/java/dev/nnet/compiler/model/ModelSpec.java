package dev.nnet.compiler.model;

import java.util.List;
import java.util.Optional;

/**
 * A checked model: everything the code generator and the trainer need, shapes resolved and defaults filled in.
 *
 * @param name the Java class name (a valid identifier, not a keyword)
 * @param javaPackage the Java package, empty for none
 * @param sourceFile the model file's name as the user gave it, for the generated header
 * @param precision float32 or float64
 * @param input the shape of one input sample
 * @param layers the layers in order; each layer's input shape is the previous layer's output shape
 * @param loss the loss
 * @param task what the model predicts, derived from loss and output layer
 * @param metrics the metrics in the order written
 * @param optimizer the optimizer
 * @param training the training settings
 * @param data the data, when the model file names any
 * @param tokens what the input's token ids are, when it takes tokens ({@code input tokens(...)} or
 *     {@code input text(...)}); {@code input} is then [length]
 */
public record ModelSpec(
    String name,
    String javaPackage,
    String sourceFile,
    Precision precision,
    Shape input,
    List<LayerSpec> layers,
    Loss loss,
    Task task,
    List<Metric> metrics,
    Optimizer optimizer,
    Training training,
    Optional<Data> data,
    Optional<TokenInput> tokens) {

  public ModelSpec {
    layers = List.copyOf(layers);
    metrics = List.copyOf(metrics);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a model has at least one layer");
    }
  }

  /** A model over numbers or images: its input takes no token ids. */
  public ModelSpec(String name, String javaPackage, String sourceFile, Precision precision, Shape input,
      List<LayerSpec> layers, Loss loss, Task task, List<Metric> metrics, Optimizer optimizer, Training training,
      Optional<Data> data) {
    this(name, javaPackage, sourceFile, precision, input, layers, loss, task, metrics, optimizer, training, data,
        Optional.empty());
  }

  public Shape output() {
    return layers.get(layers.size() - 1).outputShape();
  }

  /** The fully qualified class name of the generated model. */
  public String qualifiedName() {
    return javaPackage.isEmpty() ? name : javaPackage + "." + name;
  }

  public long trainableParameters() {
    return layers.stream().mapToLong(LayerSpec::trainableParameters).sum();
  }

  public long nonTrainableParameters() {
    return layers.stream().mapToLong(LayerSpec::nonTrainableParameters).sum();
  }

  public ModelSpec withPrecision(Precision p) {
    return new ModelSpec(name, javaPackage, sourceFile, p, input, layers, loss, task, metrics, optimizer, training, data,
        tokens);
  }
}
