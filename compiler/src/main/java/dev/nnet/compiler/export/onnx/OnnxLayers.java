package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.model.ActivationLayerSpec;
import dev.nnet.compiler.model.BatchNormSpec;
import dev.nnet.compiler.model.BidirectionalSpec;
import dev.nnet.compiler.model.Conv1dSpec;
import dev.nnet.compiler.model.Conv2dSpec;
import dev.nnet.compiler.model.DenseSpec;
import dev.nnet.compiler.model.DropoutSpec;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.FlattenSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.LayerNormSpec;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Pool1dSpec;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.RecurrentSpec;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Every layer kind as ONNX nodes: one method per kind, and one dispatch (the layer visitor names every case of
 * {@link LayerSpec}); the activations a layer applies are {@link OnnxActivations}'. Each method takes the layer's
 * input tensor and returns its output, naming its nodes after the layer. The math is the runtime's: see the
 * formulas on each method.
 */
final class OnnxLayers {
  private OnnxLayers() {}

  /** The nodes of {@code layer} applied to {@code x}. */
  static Tensor layer(OnnxGraph g, LayerSpec layer, Tensor x) {
    // The visitor names every layer kind: a new kind does not compile until it has its nodes here.
    return layer.accept(
        new LayerSpec.Visitor<Tensor>() {
          @Override
          public Tensor dense(DenseSpec d) {
            return OnnxLayers.dense(g, d, x);
          }

          @Override
          public Tensor dropout(DropoutSpec d) {
            return x; // dropout is the identity at inference
          }

          @Override
          public Tensor flatten(FlattenSpec f) {
            return OnnxLayers.flatten(g, f, x);
          }

          @Override
          public Tensor activation(ActivationLayerSpec a) {
            return OnnxActivations.activation(g, a.name(), a.activation(), x);
          }

          @Override
          public Tensor conv2d(Conv2dSpec c) {
            return OnnxLayers.conv2d(g, c, x);
          }

          @Override
          public Tensor pool2d(Pool2dSpec p) {
            return OnnxLayers.pool2d(g, p, x);
          }

          @Override
          public Tensor globalPool(GlobalPoolSpec p) {
            return OnnxLayers.globalPool(g, p, x);
          }

          @Override
          public Tensor batchNorm(BatchNormSpec b) {
            return OnnxLayers.batchNorm(g, b, x);
          }

          @Override
          public Tensor layerNorm(LayerNormSpec l) {
            return OnnxLayers.layerNorm(g, l, x);
          }

          @Override
          public Tensor conv1d(Conv1dSpec c) {
            return OnnxLayers.conv1d(g, c, x);
          }

          @Override
          public Tensor pool1d(Pool1dSpec p) {
            return OnnxLayers.pool1d(g, p, x);
          }

          @Override
          public Tensor recurrent(RecurrentSpec r) {
            return OnnxRecurrent.layer(g, r.name(), List.of(r), x);
          }

          @Override
          public Tensor bidirectional(BidirectionalSpec b) {
            return OnnxRecurrent.layer(g, b.name(), List.of(b.forward(), b.backward()), x);
          }

          @Override
          public Tensor embedding(EmbeddingSpec e) {
            return OnnxLayers.embedding(g, e, x);
          }
        });
  }

  /** y = f(x·W + b), W [in, units] as in the checkpoint: Gemm on the flat sample. */
  static Tensor dense(OnnxGraph g, DenseSpec d, Tensor x) {
    String n = d.name();
    Tensor in = g.flat(x, n);
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(d.inputShape().size(), d.units()))));
    if (d.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(d.units())));
    }
    ONNXNode z = g.op(ONNXOperators.GEMM, n, inputs);
    return OnnxActivations.activation(g, n, d.activation(), new Tensor(z, d.outputShape(), Layout.FLAT));
  }

  /**
   * 2-D convolution, channels first. The checkpoint's kernel [kh, kw, in, filters] becomes ONNX's
   * [filters, in, kh, kw]; padding is explicit (Keras' same: the odd row and column at the bottom and right).
   */
  static Tensor conv2d(OnnxGraph g, Conv2dSpec c, Tensor x) {
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
    return OnnxActivations.activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }

  /** Max or average pooling, channels first; padding is never counted (an average divides by real positions). */
  static Tensor pool2d(OnnxGraph g, Pool2dSpec p, Tensor x) {
    return pool(g, p.name(), p.kind(), x, p.outputShape(), new int[] {p.poolHeight(), p.poolWidth()},
        new int[] {p.strideHeight(), p.strideWidth()},
        pads(p.inputShape(), p.outputShape(), p.poolHeight(), p.poolWidth(), p.strideHeight(), p.strideWidth()));
  }

  /** MaxPool or AveragePool over {@code x} channels first, with explicit pads; averages count real positions only. */
  private static Tensor pool(OnnxGraph g, String n, PoolKind kind, Tensor x, Shape output, int[] window,
      int[] strides, int[] pads) {
    Tensor in = g.channelsFirst(x, n);
    Map<String, Object> attributes = new HashMap<>(Map.of("kernel_shape", window, "strides", strides, "pads", pads));
    OnnxOps op = switch (kind) {
      case MAX -> OnnxOps.MAX_POOL;
      case AVERAGE -> OnnxOps.AVERAGE_POOL;
    };
    if (kind == PoolKind.AVERAGE) {
      attributes.put("count_include_pad", 0);
    }
    return new Tensor(g.op(op, n, List.of(in.ref()), attributes), output, Layout.CHANNELS_FIRST);
  }

  /**
   * The max or the mean over every position, per channel: [N, c, positions...] to [N, c, 1...], then [N, c]. Over
   * a masked sequence the padded steps are first set to −∞ (max) or 0 (mean), wherever they sit; the mean is then
   * scaled by steps / real steps, and a row of padding only pools to 0, as in the runtime.
   */
  static Tensor globalPool(OnnxGraph g, GlobalPoolSpec p, Tensor x) {
    String n = p.name();
    boolean max = p.kind() == PoolKind.MAX;
    Tensor in = g.channelsFirst(x, n);
    OnnxGraph.Mask mask = p.masked() ? g.mask : null;
    if (mask != null) {
      Tensor last = g.channelsLast(x, n);
      ONNXNode filled = g.op(ONNXOperators.WHERE, n + ".filled", List.of(mask.real(), last.ref(),
          g.scalar(n + ".fill", max ? Float.NEGATIVE_INFINITY : 0f)));
      in = g.channelsFirst(new Tensor(filled, last.shape(), Layout.CHANNELS_LAST), n);
    }
    OnnxOps op = p.kind() == PoolKind.MAX ? OnnxOps.GLOBAL_MAX_POOL : OnnxOps.GLOBAL_AVERAGE_POOL;
    ONNXNode pooled = g.op(op, n + ".pooled", List.of(in.ref()));
    int channels = p.outputShape().size();
    if (mask == null) {
      ONNXNode flat = g.op(OnnxOps.RESHAPE, n, List.of(pooled, g.shape(n, -1, channels)));
      return new Tensor(flat, p.outputShape(), Layout.FLAT);
    }
    ONNXNode flat = g.op(OnnxOps.RESHAPE, n + ".flat", List.of(pooled, g.shape(n, -1, channels)));
    ONNXNode any = g.op(ONNXOperators.GREATER, n + ".any", List.of(mask.counts(), g.scalar(n + ".none", 0f)));
    ONNXNode y;
    if (max) {
      y = g.op(ONNXOperators.WHERE, n, List.of(any, flat, g.scalar(n + ".empty", 0f)));
    } else {
      // the mean over all steps, padding counted as 0, times steps / real steps (1 for a row of padding only)
      ONNXNode real = g.op(ONNXOperators.WHERE, n + ".real_count", List.of(any, mask.counts(),
          g.scalar(n + ".one", 1f)));
      ONNXNode sum = g.op(ONNXOperators.MUL, n + ".sum", List.of(flat,
          g.scalar(n + ".positions", p.positions())));
      y = g.op(ONNXOperators.DIV, n, List.of(sum, real));
    }
    return new Tensor(y, p.outputShape(), Layout.FLAT);
  }

  /**
   * 1-D convolution over [N, c, steps], channels first. The checkpoint's kernel [k, in, filters] becomes ONNX's
   * [filters, in, k]; padding is explicit ({@link Padding}'s: same splits it, causal puts k − 1 before).
   */
  static Tensor conv1d(OnnxGraph g, Conv1dSpec c, Tensor x) {
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
    return OnnxActivations.activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }

  /** Max or average pooling over a sequence's steps, channels first; padding is never counted, as in 2-D. */
  static Tensor pool1d(OnnxGraph g, Pool1dSpec p, Tensor x) {
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
  static Tensor batchNorm(OnnxGraph g, BatchNormSpec b, Tensor x) {
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
  static Tensor layerNorm(OnnxGraph g, LayerNormSpec l, Tensor x) {
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
  /** ONNX's TensorProto.DataType of float32. */
  private static final int FLOAT = 1;
  /** ONNX's TensorProto.DataType of int32, the type of the recurrent operators' sequence_lens. */
  private static final int INT32 = 6;

  /**
   * Embedding: the float input's token ids cast to int64 pick rows of the table (Gather on axis 0), giving
   * [N, steps, output_dim], channels last.
   */
  static Tensor embedding(OnnxGraph g, EmbeddingSpec e, Tensor x) {
    String n = e.name();
    Tensor in = g.flat(x, n);
    ONNXNode ids = g.op(ONNXOperators.CAST, n + ".ids", List.of(in.ref()),
        Map.of("to", INT64));
    ONNXNode y = g.op(ONNXOperators.GATHER, n, List.of(
        g.weights(n, n + ".embeddings", List.of(e.inputDim(), e.outputDim())), ids), Map.of("axis", 0));
    if (e.maskZero()) {
      g.mask = mask(g, n, e.steps(), in);
    }
    return new Tensor(y, e.outputShape(), Layout.CHANNELS_LAST);
  }

  /**
   * mask_zero's mask of the ids [N, steps]: a step is real where its id is above 0 (ids are whole numbers in
   * [0, input_dim), so that is id ≠ 0), and a row's length is its count of real steps (a product with a column of
   * ones, then int32).
   */
  private static OnnxGraph.Mask mask(OnnxGraph g, String n, int steps, Tensor ids) {
    ONNXNode real = g.op(ONNXOperators.GREATER, n + ".real", List.of(ids.ref(), g.scalar(n + ".padding", 0f)));
    ONNXNode ones = g.op(ONNXOperators.CAST, n + ".real_ones", List.of(real), Map.of("to", FLOAT));
    ONNXNode counted = g.op(ONNXOperators.GEMM, n + ".counted",
        List.of(ones, g.derived(n + ".ones", List.of(steps, 1), i -> 1)));
    ONNXNode flat = g.op(OnnxOps.RESHAPE, n + ".counted_flat", List.of(counted, g.shape(n + ".counted_flat", -1)));
    ONNXNode lengths = g.op(ONNXOperators.CAST, n + ".lengths", List.of(flat), Map.of("to", INT32));
    ONNXNode realSteps = g.op(OnnxOps.RESHAPE, n + ".real_steps",
        List.of(real, g.shape(n + ".real_steps", -1, steps, 1)));
    return new OnnxGraph.Mask(realSteps, counted, lengths);
  }

  /** Flatten: the sample as one row, channels last (a reshape, after moving channels back last if needed). */
  static Tensor flatten(OnnxGraph g, FlattenSpec f, Tensor x) {
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
}
