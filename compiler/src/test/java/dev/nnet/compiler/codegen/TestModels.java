package dev.nnet.compiler.codegen;

import dev.nnet.compiler.layers.activation.ActivationLayerSpec;
import dev.nnet.compiler.layers.batchnorm.BatchNormSpec;
import dev.nnet.compiler.layers.conv.Conv1dSpec;
import dev.nnet.compiler.layers.conv.Conv2dSpec;
import dev.nnet.compiler.layers.dense.DenseSpec;
import dev.nnet.compiler.layers.dropout.DropoutSpec;
import dev.nnet.compiler.layers.flatten.FlattenSpec;
import dev.nnet.compiler.layers.globalpool.GlobalPoolSpec;
import dev.nnet.compiler.layers.layernorm.LayerNormSpec;
import dev.nnet.compiler.layers.pool.Pool1dSpec;
import dev.nnet.compiler.layers.pool.Pool2dSpec;
import dev.nnet.compiler.layers.recurrent.BidirectionalSpec;
import dev.nnet.compiler.layers.recurrent.RecurrentCell;
import dev.nnet.compiler.layers.recurrent.RecurrentSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Optimizer;
import dev.nnet.compiler.model.OptimizerKind;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.Task;
import dev.nnet.compiler.model.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds checked models directly, as the front end would, tracking each layer's input shape so a test states only
 * what it cares about.
 */
public final class TestModels {
  private final String name;
  private final Shape input;
  private final List<LayerSpec> layers = new ArrayList<>();
  private Shape shape;
  private String javaPackage = "test.models";
  private Precision precision = Precision.FLOAT32;
  private Loss loss = Loss.of(LossKind.MEAN_SQUARED_ERROR);
  private int batchSize = 32;

  private TestModels(String name, Shape input) {
    this.name = name;
    this.input = input;
    this.shape = input;
  }

  public static TestModels model(String name, int... inputShape) {
    return new TestModels(name, Shape.of(inputShape));
  }

  public TestModels javaPackage(String p) {
    javaPackage = p;
    return this;
  }

  public TestModels precision(Precision p) {
    precision = p;
    return this;
  }

  public TestModels loss(LossKind kind) {
    loss = Loss.of(kind);
    return this;
  }

  public TestModels loss(Loss l) {
    loss = l;
    return this;
  }

  public TestModels batchSize(int b) {
    batchSize = b;
    return this;
  }

  public TestModels dense(String layer, int units, ActivationKind activation) {
    return dense(layer, units, Activation.of(activation), Initializer.GLOROT_UNIFORM, true, 0);
  }

  public TestModels dense(String layer, int units, Activation activation, Initializer init, boolean bias, double l2) {
    return add(new DenseSpec(layer, shape, Shape.of(units), units, activation, init, bias, l2));
  }

  public TestModels dropout(String layer, double rate) {
    return add(new DropoutSpec(layer, shape, shape, rate));
  }

  public TestModels flatten(String layer) {
    return add(new FlattenSpec(layer, shape, Shape.of(shape.size())));
  }

  public TestModels activation(String layer, ActivationKind kind) {
    return add(new ActivationLayerSpec(layer, shape, shape, Activation.of(kind)));
  }

  public TestModels activation(String layer, Activation a) {
    return add(new ActivationLayerSpec(layer, shape, shape, a));
  }

  public TestModels conv2d(
      String layer, int filters, int kernel, int stride, Padding padding, ActivationKind activation) {
    Shape out = Shape.of(
        outSize(shape.dim(0), kernel, stride, padding), outSize(shape.dim(1), kernel, stride, padding), filters);
    return add(new Conv2dSpec(layer, shape, out, filters, kernel, kernel, stride, stride, padding,
        Activation.of(activation), Initializer.GLOROT_UNIFORM, true, 0));
  }

  public TestModels conv2d(String layer, int filters, int kh, int kw, int sh, int sw, Padding padding,
      ActivationKind activation, boolean bias, double l2) {
    Shape out = Shape.of(outSize(shape.dim(0), kh, sh, padding), outSize(shape.dim(1), kw, sw, padding), filters);
    return add(new Conv2dSpec(layer, shape, out, filters, kh, kw, sh, sw, padding,
        Activation.of(activation), Initializer.GLOROT_UNIFORM, bias, l2));
  }

  public TestModels pool2d(String layer, PoolKind kind, int pool, int stride, Padding padding) {
    Shape out = Shape.of(
        outSize(shape.dim(0), pool, stride, padding), outSize(shape.dim(1), pool, stride, padding), shape.dim(2));
    return add(new Pool2dSpec(layer, shape, out, kind, pool, pool, stride, stride, padding));
  }

  public TestModels globalAveragePool2d(String layer) {
    return add(new GlobalPoolSpec(layer, shape, Shape.of(shape.dim(2)), PoolKind.AVERAGE, false));
  }

  public TestModels batchNorm(String layer) {
    return add(new BatchNormSpec(layer, shape, shape, 0.99, 1e-3));
  }

  public TestModels layerNorm(String layer) {
    return add(new LayerNormSpec(layer, shape, shape, 1e-3));
  }

  /** A conv1d over the current [steps, channels] shape, glorot-initialized. */
  public TestModels conv1d(String layer, int filters, int k, int stride, Padding padding, ActivationKind activation,
      boolean bias, double l2) {
    Shape out = Shape.of(padding.outputSize(shape.dim(0), k, stride), filters);
    return add(new Conv1dSpec(layer, shape, out, filters, k, stride, padding, Activation.of(activation),
        Initializer.GLOROT_UNIFORM, bias, l2));
  }

  public TestModels pool1d(String layer, PoolKind kind, int size, int stride, Padding padding) {
    Shape out = Shape.of(padding.outputSize(shape.dim(0), size, stride), shape.dim(1));
    return add(new Pool1dSpec(layer, shape, out, kind, size, stride, padding));
  }

  /** Global pooling over every position of the current sequence or image, unmasked. */
  public TestModels globalPool(String layer, PoolKind kind) {
    return add(new GlobalPoolSpec(layer, shape, Shape.of(shape.dim(shape.rank() - 1)), kind, false));
  }

  /** The shape the next layer reads: the last layer's output, or the input. */
  public Shape shape() {
    return shape;
  }

  /** A recurrent layer with Keras' defaults but for the options named (unmasked). */
  public TestModels recurrent(String layer, RecurrentCell cell, int units, boolean returnSequences, boolean bias) {
    return add(recurrentSpec(layer, cell, units, returnSequences, bias));
  }

  /** A bidirectional layer around {@link #recurrent}'s layer. */
  public TestModels bidirectional(String layer, RecurrentCell cell, int units, boolean returnSequences) {
    RecurrentSpec f = recurrentSpec(layer + "Forward", cell, units, returnSequences, true);
    RecurrentSpec b = recurrentSpec(layer + "Backward", cell, units, returnSequences, true);
    Shape out = returnSequences ? Shape.of(shape.dim(0), 2 * units) : Shape.of(2 * units);
    return add(new BidirectionalSpec(layer, shape, out, f, b));
  }

  private RecurrentSpec recurrentSpec(
      String layer, RecurrentCell cell, int units, boolean returnSequences, boolean bias) {
    Shape out = returnSequences ? Shape.of(shape.dim(0), units) : Shape.of(units);
    return new RecurrentSpec(layer, shape, out, cell, units, bias, Initializer.GLOROT_UNIFORM,
        Initializer.ORTHOGONAL, cell == RecurrentCell.LSTM, returnSequences, false);
  }

  public TestModels add(LayerSpec layer) {
    layers.add(layer);
    shape = layer.outputShape();
    return this;
  }

  /** Keras' output size: ceil(in / stride) for same padding, floor((in − k) / stride) + 1 for valid. */
  static int outSize(int in, int k, int stride, Padding padding) {
    return padding == Padding.SAME ? (in + stride - 1) / stride : (in - k) / stride + 1;
  }

  public ModelSpec build() {
    Task task = switch (loss.kind()) {
      case CATEGORICAL_CROSSENTROPY, SPARSE_CATEGORICAL_CROSSENTROPY -> Task.MULTICLASS_CLASSIFICATION;
      case BINARY_CROSSENTROPY -> Task.BINARY_CLASSIFICATION;
      default -> Task.REGRESSION;
    };
    return new ModelSpec(name, javaPackage, name.toLowerCase(java.util.Locale.ROOT) + ".nnet", precision, input,
        layers, loss, task, List.of(), Optimizer.defaults(OptimizerKind.SGD),
        new Training(batchSize, 10, true, 0, 42L, Optional.empty()), Optional.empty());
  }
}
