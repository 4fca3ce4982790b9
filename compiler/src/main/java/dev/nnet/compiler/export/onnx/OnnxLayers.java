package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Every layer kind and every activation as ONNX nodes: one method per kind, and one dispatch over each (the layer
 * visitor names every case of {@link LayerSpec}; the activation switch is exhaustive over the enum, so a new
 * activation does not compile until it has its nodes here). Each method takes the layer's input tensor and returns
 * its output, naming its nodes after the layer. The math is the runtime's: see the formulas on each method.
 */
final class OnnxLayers {
  private OnnxLayers() {}

  /** The nodes of {@code layer} applied to {@code x}. */
  static Tensor layer(OnnxGraph g, LayerSpec layer, Tensor x) {
    // The visitor names every layer kind: a new kind does not compile until it has its nodes here.
    return layer.accept(
        new LayerSpec.Visitor<Tensor>() {
          @Override
          public Tensor dense(LayerSpec.Dense d) {
            return OnnxLayers.dense(g, d, x);
          }

          @Override
          public Tensor dropout(LayerSpec.Dropout d) {
            return x; // dropout is the identity at inference
          }

          @Override
          public Tensor flatten(LayerSpec.Flatten f) {
            return OnnxLayers.flatten(g, f, x);
          }

          @Override
          public Tensor activation(LayerSpec.ActivationLayer a) {
            return OnnxLayers.activation(g, a.name(), a.activation(), x);
          }

          @Override
          public Tensor conv2d(LayerSpec.Conv2d c) {
            return OnnxLayers.conv2d(g, c, x);
          }

          @Override
          public Tensor pool2d(LayerSpec.Pool2d p) {
            return OnnxLayers.pool2d(g, p, x);
          }

          @Override
          public Tensor globalPool(LayerSpec.GlobalPool p) {
            return OnnxLayers.globalPool(g, p, x);
          }

          @Override
          public Tensor batchNorm(LayerSpec.BatchNorm b) {
            return OnnxLayers.batchNorm(g, b, x);
          }

          @Override
          public Tensor layerNorm(LayerSpec.LayerNorm l) {
            return OnnxLayers.layerNorm(g, l, x);
          }

          @Override
          public Tensor conv1d(LayerSpec.Conv1d c) {
            return OnnxLayers.conv1d(g, c, x);
          }

          @Override
          public Tensor pool1d(LayerSpec.Pool1d p) {
            return OnnxLayers.pool1d(g, p, x);
          }

          @Override
          public Tensor recurrent(LayerSpec.Recurrent r) {
            return OnnxRecurrent.layer(g, r.name(), List.of(r), x);
          }

          @Override
          public Tensor bidirectional(LayerSpec.Bidirectional b) {
            return OnnxRecurrent.layer(g, b.name(), List.of(b.forward(), b.backward()), x);
          }

          @Override
          public Tensor embedding(LayerSpec.Embedding e) {
            return OnnxLayers.embedding(g, e, x);
          }
        });
  }

  /** y = f(x·W + b), W [in, units] as in the checkpoint: Gemm on the flat sample. */
  static Tensor dense(OnnxGraph g, LayerSpec.Dense d, Tensor x) {
    String n = d.name();
    Tensor in = g.flat(x, n);
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(d.inputShape().size(), d.units()))));
    if (d.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(d.units())));
    }
    ONNXNode z = g.op(ONNXOperators.GEMM, n, inputs);
    return activation(g, n, d.activation(), new Tensor(z, d.outputShape(), Layout.FLAT));
  }

  /**
   * 2-D convolution, channels first. The checkpoint's kernel [kh, kw, in, filters] becomes ONNX's
   * [filters, in, kh, kw]; padding is explicit (Keras' same: the odd row and column at the bottom and right).
   */
  static Tensor conv2d(OnnxGraph g, LayerSpec.Conv2d c, Tensor x) {
    String n = c.name();
    Tensor in = g.channelsFirst(x, n);
    int kh = c.kernelHeight();
    int kw = c.kernelWidth();
    int channels = c.inputShape().dim(2);
    int filters = c.filters();
    // ONNX position (f, ch, ky, kx) reads checkpoint position ((ky·kw + kx)·channels + ch)·filters + f.
    int perFilter = channels * kh * kw;
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(filters, channels, kh, kw), i -> {
          int f = i / perFilter;
          int ch = i / (kh * kw) % channels;
          int ky = i / kw % kh;
          int kx = i % kw;
          return ((ky * kw + kx) * channels + ch) * filters + f;
        })));
    if (c.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(filters)));
    }
    ONNXNode z = g.op(OnnxOps.CONV, n, inputs, Map.of(
        "kernel_shape", new int[] {kh, kw},
        "strides", new int[] {c.strideHeight(), c.strideWidth()},
        "pads", pads(c.inputShape(), c.outputShape(), kh, kw, c.strideHeight(), c.strideWidth())));
    return activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }

  /** Max or average pooling, channels first; padding is never counted (an average divides by real positions). */
  static Tensor pool2d(OnnxGraph g, LayerSpec.Pool2d p, Tensor x) {
    return pool(g, p.name(), p.kind(), x, p.outputShape(), new int[] {p.poolHeight(), p.poolWidth()},
        new int[] {p.strideHeight(), p.strideWidth()},
        pads(p.inputShape(), p.outputShape(), p.poolHeight(), p.poolWidth(), p.strideHeight(), p.strideWidth()));
  }

  /** MaxPool or AveragePool over {@code x} channels first, with explicit pads; averages count real positions only. */
  private static Tensor pool(OnnxGraph g, String n, LayerSpec.PoolKind kind, Tensor x, Shape output, int[] window,
      int[] strides, int[] pads) {
    Tensor in = g.channelsFirst(x, n);
    Map<String, Object> attributes = new HashMap<>(Map.of("kernel_shape", window, "strides", strides, "pads", pads));
    OnnxOps op = switch (kind) {
      case MAX -> OnnxOps.MAX_POOL;
      case AVERAGE -> OnnxOps.AVERAGE_POOL;
    };
    if (kind == LayerSpec.PoolKind.AVERAGE) {
      attributes.put("count_include_pad", 0);
    }
    return new Tensor(g.op(op, n, List.of(in.ref()), attributes), output, Layout.CHANNELS_FIRST);
  }

  /**
   * The max or the mean over every position, per channel: [N, c, positions...] to [N, c, 1...], then [N, c]. A
   * masked sequence is refused: ONNX's global pooling would count the padded steps.
   */
  static Tensor globalPool(OnnxGraph g, LayerSpec.GlobalPool p, Tensor x) {
    String n = p.name();
    if (p.masked()) {
      throw new OnnxExportException("layer " + n, "masked global pooling has no ONNX conversion yet");
    }
    Tensor in = g.channelsFirst(x, n);
    OnnxOps op = p.kind() == LayerSpec.PoolKind.MAX ? OnnxOps.GLOBAL_MAX_POOL : OnnxOps.GLOBAL_AVERAGE_POOL;
    ONNXNode pooled = g.op(op, n + ".pooled", List.of(in.ref()));
    int channels = p.outputShape().size();
    ONNXNode flat = g.op(OnnxOps.RESHAPE, n, List.of(pooled, g.shape(n, -1, channels)));
    return new Tensor(flat, p.outputShape(), Layout.FLAT);
  }

  /**
   * 1-D convolution over [N, c, steps], channels first. The checkpoint's kernel [k, in, filters] becomes ONNX's
   * [filters, in, k]; padding is explicit ({@link Padding}'s: same splits it, causal puts k − 1 before).
   */
  static Tensor conv1d(OnnxGraph g, LayerSpec.Conv1d c, Tensor x) {
    String n = c.name();
    Tensor in = g.channelsFirst(x, n);
    int k = c.kernelSize();
    int channels = c.inputShape().dim(1);
    int filters = c.filters();
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        // ONNX position (f, ch, t) reads checkpoint position (t·channels + ch)·filters + f.
        g.weights(n, n + ".kernel", List.of(filters, channels, k),
            i -> (i % k * channels + i / k % channels) * filters + i / (channels * k))));
    if (c.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(filters)));
    }
    ONNXNode z = g.op(OnnxOps.CONV, n, inputs, Map.of(
        "kernel_shape", new int[] {k},
        "strides", new int[] {c.stride()},
        "pads", pads1d(c.inputShape(), c.padding(), k, c.stride())));
    return activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }

  /** Max or average pooling over a sequence's steps, channels first; padding is never counted, as in 2-D. */
  static Tensor pool1d(OnnxGraph g, LayerSpec.Pool1d p, Tensor x) {
    return pool(g, p.name(), p.kind(), x, p.outputShape(), new int[] {p.poolSize()}, new int[] {p.stride()},
        pads1d(p.inputShape(), p.padding(), p.poolSize(), p.stride()));
  }

  /** Explicit ONNX pads [before, after] over a sequence's steps. */
  private static int[] pads1d(Shape in, Padding padding, int k, int s) {
    return new int[] {padding.padBefore(in.dim(0), k, s), padding.padAfter(in.dim(0), k, s)};
  }

  /**
   * Batch normalization in its inference form, per channel (the sample's last axis, axis 1 in ONNX):
   * y = γ·(x − moving_mean)/√(moving_variance + ε) + β.
   */
  static Tensor batchNorm(OnnxGraph g, LayerSpec.BatchNorm b, Tensor x) {
    String n = b.name();
    Tensor in = g.channelsFirst(x, n);
    List<Integer> channels = List.of(b.channels());
    ONNXNode y = g.op(OnnxOps.BATCH_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", channels),
            g.weights(n, n + ".beta", channels),
            g.weights(n, n + ".moving_mean", channels),
            g.weights(n, n + ".moving_variance", channels)),
        Map.of("epsilon", (float) b.epsilon()));
    return new Tensor(y, b.outputShape(), in.layout());
  }

  /**
   * Layer normalization over the sample's last axis: y = γ·(x − mean)/√(variance + ε) + β, mean and (population)
   * variance over the features; ONNX's LayerNormalization on the channels-last tensor.
   */
  static Tensor layerNorm(OnnxGraph g, LayerSpec.LayerNorm l, Tensor x) {
    String n = l.name();
    Tensor in = g.channelsLast(x, n);
    List<Integer> features = List.of(l.features());
    ONNXNode y = g.op(OnnxOps.LAYER_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", features),
            g.weights(n, n + ".beta", features)),
        Map.of("axis", -1, "epsilon", (float) l.epsilon()));
    return new Tensor(y, l.outputShape(), in.layout());
  }

  /** ONNX's TensorProto.DataType of int64, the type Gather's indices take. */
  private static final int INT64 = 7;

  /**
   * Embedding: the float input's token ids cast to int64 pick rows of the table (Gather on axis 0), giving
   * [N, steps, output_dim], channels last.
   */
  static Tensor embedding(OnnxGraph g, LayerSpec.Embedding e, Tensor x) {
    String n = e.name();
    Tensor in = g.flat(x, n);
    ONNXNode ids = g.op(ONNXOperators.CAST, n + ".ids", List.of(in.ref()),
        Map.of("to", INT64));
    ONNXNode y = g.op(ONNXOperators.GATHER, n, List.of(
        g.weights(n, n + ".embeddings", List.of(e.inputDim(), e.outputDim())), ids), Map.of("axis", 0));
    return new Tensor(y, e.outputShape(), Layout.CHANNELS_LAST);
  }

  /** Flatten: the sample as one row, channels last (a reshape, after moving channels back last if needed). */
  static Tensor flatten(OnnxGraph g, LayerSpec.Flatten f, Tensor x) {
    Tensor flat = g.flat(x, f.name());
    return new Tensor(flat.ref(), f.outputShape(), Layout.FLAT);
  }

  /**
   * Explicit ONNX pads [top, left, bottom, right] for a window that turns {@code in} into {@code out}: the total
   * max((out − 1)·s + k − in, 0) per axis (zero for valid padding), split as Keras does, the odd one at the end.
   */
  static int[] pads(Shape in, Shape out, int kh, int kw, int sh, int sw) {
    int totalH = Math.max((out.dim(0) - 1) * sh + kh - in.dim(0), 0);
    int totalW = Math.max((out.dim(1) - 1) * sw + kw - in.dim(1), 0);
    return new int[] {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
  }

  /** The nodes of {@code a} applied to {@code x}, element by element (softmax over the channel axis). */
  static Tensor activation(OnnxGraph g, String layer, Activation a, Tensor x) {
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
  static Tensor softmax(OnnxGraph g, String name, Tensor x) {
    // A flat tensor of a multi-axis sample is reshaped first, so the sum runs over the last axis only.
    Tensor in = x.layout() == Layout.FLAT && x.shape().rank() > 1 ? g.channelsLast(x, name) : x;
    return unary(g, ONNXOperators.SOFTMAX, name, in, Map.of("axis", in.channelAxis()));
  }

  /** swish(z) = z·sigmoid(z): ONNX has no single operator for it. */
  static Tensor swish(OnnxGraph g, String name, Tensor x) {
    ONNXNode s = g.op(ONNXOperators.SIGMOID, name + ".sigmoid", List.of(x.ref()));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), s)), x.shape(), x.layout());
  }

  /** mish(z) = z·tanh(softplus(z)): ONNX's Mish operator arrived in opset 18, after the opset nnet writes. */
  static Tensor mish(OnnxGraph g, String name, Tensor x) {
    ONNXNode softplus = g.op(OnnxOps.SOFTPLUS, name + ".softplus", List.of(x.ref()));
    ONNXNode tanh = g.op(OnnxOps.TANH, name + ".tanh", List.of(softplus));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), tanh)), x.shape(), x.layout());
  }

  /**
   * gelu(z) = z·Φ(z) = z·(1 + erf(z/√2))/2, the exact form (ONNX's Gelu operator arrived in opset 20, after the opset
   * nnet writes).
   */
  static Tensor gelu(OnnxGraph g, String name, Tensor x) {
    ONNXNode scaled = g.op(ONNXOperators.MUL, name + ".scaled", List.of(x.ref(),
        g.scalar(name + ".inv_sqrt2", (float) Math.sqrt(0.5))));
    ONNXNode erf = g.op(OnnxOps.ERF, name + ".erf", List.of(scaled));
    ONNXNode onePlus = g.op(ONNXOperators.ADD, name + ".one_plus", List.of(erf, g.scalar(name + ".one", 1f)));
    ONNXNode half = g.op(ONNXOperators.MUL, name + ".half", List.of(onePlus, g.scalar(name + ".half", 0.5f)));
    return new Tensor(g.op(ONNXOperators.MUL, name, List.of(x.ref(), half)), x.shape(), x.layout());
  }
}
