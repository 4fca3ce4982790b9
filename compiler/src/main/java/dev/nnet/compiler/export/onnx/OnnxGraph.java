package dev.nnet.compiler.export.onnx;

import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The graph under construction: Tribuo's {@link ONNXContext}, the trained values by checkpoint name, and the moves
 * between the layouts a sample's tensor takes. nnet stores a sample channels last ([h, w, c]); ONNX's convolution and
 * pooling want channels first ([c, h, w]); dense layers want one flat row. A tensor keeps its layout until a layer
 * needs another, so a run of convolutions and poolings transposes once on the way in and once on the way out.
 */
public final class OnnxGraph {
  /** How a tensor of {@code shape} (one sample's shape, channels last) is laid out in ONNX, batch first. */
  public enum Layout {
    /** [N, size]: the sample flattened channels last, as nnet stores it. */
    FLAT,
    /** [N, d0, d1, ...]: the sample's own shape. */
    CHANNELS_LAST,
    /** [N, c, d0, d1, ...]: the last axis moved to the front, as ONNX's Conv and pooling operators want. */
    CHANNELS_FIRST
  }

  /** A value in the graph: its reference, one sample's shape (channels last, as in the model) and its layout. */
  public record Tensor(ONNXRef<?> ref, Shape shape, Layout layout) {
    /** The axis holding the channels (the sample's last axis), for softmax and batch normalization. */
    public int channelAxis() {
      return layout == Layout.CHANNELS_FIRST ? 1 : -1;
    }
  }

  /**
   * An embedding's mask (mask_zero) as the recurrent operators and pooling read it: {@code real}, bool
   * [N, steps, 1], true for a real step; {@code counts}, float32 [N, 1], the real steps of each row; {@code lengths},
   * the same as int32 [N] (ONNX's sequence_lens), which describe the mask only when the padding is at the end of
   * every row.
   */
  public record Mask(ONNXRef<?> real, ONNXRef<?> counts, ONNXRef<?> lengths) {}

  public final ONNXContext context = new ONNXContext();
  /** The mask of the embedding with mask_zero before the layer being added, or null. */
  public Mask mask;
  /**
   * Whether the model's padded token ids (id 0) may sit anywhere in a row, as {@code input tokens(...)} allows; they
   * are at the end of each row for {@code input text(...)}, whose tokenizer pads there.
   */
  public boolean paddingAnywhere;
  private final Map<String, double[]> values;
  private final boolean fromFloat64;

  /**
   * @param values the trained arrays by checkpoint name, widened to double
   * @param fromFloat64 whether they are float64 values that must fit float32's range
   */
  public OnnxGraph(Map<String, double[]> values, boolean fromFloat64) {
    this.values = values;
    this.fromFloat64 = fromFloat64;
  }

  /** A node of {@code op} whose output is named after {@code name} (the layer, usually). */
  public ONNXNode op(ONNXOperator op, String name, List<? extends ONNXRef<?>> inputs, Map<String, Object> attributes) {
    // Tribuo writes the attributes in the map's order, and Map.of's order changes from one JVM to the next: sorted,
    // the same model gives the same bytes every run.
    return context.operation(op, new ArrayList<ONNXRef<?>>(inputs), name, new TreeMap<>(attributes));
  }

  /** A node of {@code op} with several outputs, named {@code outputs}; attributes sorted as above. */
  public List<ONNXNode> op(
      ONNXOperator op, List<String> outputs, List<? extends ONNXRef<?>> inputs, Map<String, Object> attributes) {
    return context.operation(op, new ArrayList<ONNXRef<?>>(inputs), outputs, new TreeMap<>(attributes));
  }

  public ONNXNode op(ONNXOperator op, String name, List<? extends ONNXRef<?>> inputs) {
    return op(op, name, inputs, Map.of());
  }

  /** {@code t} as [N, size]. */
  public Tensor flat(Tensor t, String name) {
    if (t.layout() == Layout.FLAT) {
      return t;
    }
    Tensor last = channelsLast(t, name);
    ONNXNode reshaped = op(OnnxOps.RESHAPE, name + ".flat", List.of(last.ref(), shape(name, -1, t.shape().size())));
    return new Tensor(reshaped, t.shape(), Layout.FLAT);
  }

  /** {@code t} as [N, d0, d1, ...]. */
  public Tensor channelsLast(Tensor t, String name) {
    if (t.shape().rank() == 1) {
      return new Tensor(t.ref(), t.shape(), Layout.FLAT);
    }
    return switch (t.layout()) {
      case CHANNELS_LAST -> t;
      case FLAT -> {
        long[] dims = new long[t.shape().rank() + 1];
        dims[0] = -1;
        for (int i = 0; i < t.shape().rank(); i++) {
          dims[i + 1] = t.shape().dim(i);
        }
        yield new Tensor(op(OnnxOps.RESHAPE, name + ".shaped", List.of(t.ref(), shape(name, dims))), t.shape(),
            Layout.CHANNELS_LAST);
      }
      case CHANNELS_FIRST -> {
        // [N, c, d0, ..] to [N, d0, .., c]
        int r = t.shape().rank();
        int[] perm = new int[r + 1];
        for (int i = 1; i < r; i++) {
          perm[i] = i + 1;
        }
        perm[r] = 1;
        yield new Tensor(op(OnnxOps.TRANSPOSE, name + ".channels_last", List.of(t.ref()), Map.of("perm", perm)),
            t.shape(), Layout.CHANNELS_LAST);
      }
    };
  }

  /** {@code t} with its channels on axis 1: [N, c, d0, ...] (or [N, c] for a vector, which is its flat form). */
  public Tensor channelsFirst(Tensor t, String name) {
    if (t.shape().rank() == 1 || t.layout() == Layout.CHANNELS_FIRST) {
      return t;
    }
    Tensor last = channelsLast(t, name);
    int r = t.shape().rank();
    int[] perm = new int[r + 1];
    perm[1] = r;
    for (int i = 2; i <= r; i++) {
      perm[i] = i - 1;
    }
    return new Tensor(op(OnnxOps.TRANSPOSE, name + ".channels_first", List.of(last.ref()), Map.of("perm", perm)),
        t.shape(), Layout.CHANNELS_FIRST);
  }

  /** An int64 shape constant for Reshape. */
  public ONNXInitializer shape(String name, long... dims) {
    return context.array(name + ".shape", dims);
  }

  /** A float32 scalar constant. */
  public ONNXInitializer scalar(String name, float value) {
    return context.constant(name, value);
  }

  /**
   * A trained array as a float32 initializer of shape {@code dims}, named after its checkpoint name;
   * {@code index.applyAsInt(i)} is the position in the checkpoint's array of the initializer's i-th value (row-major),
   * for arrays ONNX orders differently.
   *
   * @param layer the layer, for the message when a float64 value does not fit float32
   */
  public ONNXInitializer weights(String layer, String name, List<Integer> dims, IntUnaryOperator index) {
    double[] v = trained(layer, name);
    int count = dims.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    if (v.length != count) {
      throw new IllegalStateException("the ONNX exporter expects " + count + " values for " + name + ", the checkpoint has "
          + v.length);
    }
    return context.floatTensor(name, dims, buffer -> {
      for (int i = 0; i < count; i++) {
        buffer.put((float) v[index.applyAsInt(i)]);
      }
    });
  }

  /**
   * A float32 initializer of shape {@code dims} computed from trained arrays ({@link #trained}), for weights ONNX
   * splits or combines differently from the checkpoint (the recurrent layers' per-direction stacks and biases).
   */
  public ONNXInitializer derived(String name, List<Integer> dims, java.util.function.IntToDoubleFunction value) {
    int count = dims.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    return context.floatTensor(name, dims, buffer -> {
      for (int i = 0; i < count; i++) {
        buffer.put((float) value.applyAsDouble(i));
      }
    });
  }

  /** The trained array named {@code name}, checked to fit float32 (the graph computes in float32). */
  public double[] trained(String layer, String name) {
    double[] v = values.get(name);
    if (v == null) {
      // The checkpoint was loaded into this model's network: a missing array is nnet's bug, not the user's.
      throw new IllegalStateException("the ONNX exporter expects the array " + name + " in the checkpoint");
    }
    if (fromFloat64) {
      for (double x : v) {
        if (Math.abs(x) > Float.MAX_VALUE) {
          throw new OnnxExportException("layer " + layer, name + " holds " + x
              + ", beyond float32's range; the ONNX graph computes in float32");
        }
      }
    }
    return v;
  }

  /** A trained array stored in the order ONNX reads it. */
  public ONNXInitializer weights(String layer, String name, List<Integer> dims) {
    return weights(layer, name, dims, i -> i);
  }

  /**
   * Explicit ONNX pads [top, left, bottom, right] for a window that turns {@code in} into {@code out}: the total
   * max((out − 1)·s + k − in, 0) per axis (zero for valid padding), split as Keras does, the odd one at the end.
   */
  public static int[] pads(Shape in, Shape out, int kh, int kw, int sh, int sw) {
    int totalH = Math.max((out.dim(0) - 1) * sh + kh - in.dim(0), 0);
    int totalW = Math.max((out.dim(1) - 1) * sw + kw - in.dim(1), 0);
    return new int[] {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
  }

  /** Explicit ONNX pads [before, after] over a sequence's steps. */
  public static int[] pads1d(Shape in, Padding padding, int k, int s) {
    return new int[] {padding.padBefore(in.dim(0), k, s), padding.padAfter(in.dim(0), k, s)};
  }
}
