package dev.nnet.compiler.layers.recurrent;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.export.onnx.OnnxExportException;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A recurrent layer, or both directions of a bidirectional one, as ONNX's GRU, LSTM or RNN operator. ONNX reads
 * the steps first ([steps, N, features]) and stores each kernel transposed, [directions, gates·units, features];
 * its LSTM orders the gates i o f c where Keras has i f c o, and adds a second bias for h·R, which for an LSTM or
 * simple RNN is zero. Keras' GRU with reset_after is ONNX's with {@code linear_before_reset = 1}, gates z r h in
 * both, its two bias rows ONNX's Wb and Rb.
 *
 * <p>After an embedding with mask_zero whose padding is at the end of every row (text input), the operator's
 * sequence_lens is each row's count of real steps: the state stops at the last real step, the reverse direction
 * starts there, and Y is 0 past it, as Keras' Bidirectional writes it. A plain layer's padded steps repeat the last
 * state instead, which is Y_h: the graph takes Y_h there.
 */
final class RecurrentOnnx {
  private RecurrentOnnx() {}

  /**
   * ONNX's GRU: inputs X [steps, N, features], W, R, optional B and sequence_lens (int32 [N]: steps past it are
   * skipped, their Y is 0, and the reverse direction starts at its last step); outputs Y [steps, directions, N,
   * units] and Y_h [directions, N, units]. Gates z r h, as Keras.
   */
  private static final ONNXOperator GRU = OnnxOps.operator("GRU", 3, 2, 2,
      OnnxOps.attr("hidden_size", AttributeType.INT, true), OnnxOps.attr("direction", AttributeType.STRING),
      OnnxOps.attr("linear_before_reset", AttributeType.INT));
  /** As GRU; gates i o f c. */
  private static final ONNXOperator LSTM = OnnxOps.operator("LSTM", 3, 2, 2,
      OnnxOps.attr("hidden_size", AttributeType.INT, true), OnnxOps.attr("direction", AttributeType.STRING));
  /** As GRU; one gate, tanh. */
  private static final ONNXOperator RNN = OnnxOps.operator("RNN", 3, 2, 2,
      OnnxOps.attr("hidden_size", AttributeType.INT, true), OnnxOps.attr("direction", AttributeType.STRING));

  /** Keras' gate block for ONNX's gate block g: the LSTM's i o f c read from i f c o, the others the same. */
  private static int kerasGate(RecurrentCell cell, int g) {
    return cell == RecurrentCell.LSTM ? new int[] {0, 3, 1, 2}[g] : g;
  }

  /**
   * Refuses a layer after an embedding with mask_zero that reads the mask as ONNX's sequence_lens, which holds only
   * when the padding is at the end of each row: always so for {@code input text(...)}, whose tokenizer pads at the
   * end, but not for {@code input tokens(...)}, whose zeros may sit anywhere.
   */
  private static void refuseMaskAnywhere(OnnxGraph g, String n, RecurrentSpec r) {
    if (r.masked() && g.paddingAnywhere) {
      throw new OnnxExportException("layer " + n, "it skips the padded steps of an embedding with "
          + "mask_zero, which ONNX's recurrent operators take as a length per row: that holds only for padding at "
          + "the end, which input tokens(...) does not promise; use input text(...) (padded at the end), or the "
          + "Java export (./nnet export), which skips zeros anywhere");
    }
  }

  static OnnxLayer of(RecurrentSpec r) {
    return of(r.name(), List.of(r));
  }

  static OnnxLayer of(BidirectionalSpec b) {
    return of(b.name(), List.of(b.forward(), b.backward()));
  }

  private static OnnxLayer of(String n, List<RecurrentSpec> directions) {
    return new OnnxLayer() {
      @Override
      public Tensor nodes(OnnxGraph g, Tensor x) {
        return layer(g, n, directions, x);
      }

      @Override
      public void checkExportable(OnnxGraph g) {
        refuseMaskAnywhere(g, n, directions.get(0));
      }
    };
  }

  private static Tensor layer(OnnxGraph g, String n, List<RecurrentSpec> directions, Tensor x) {
    RecurrentSpec r = directions.get(0);
    OnnxGraph.Mask mask = r.masked() ? g.mask : null;
    if (r.masked() && mask == null) {
      throw new IllegalStateException(n + " is masked but the graph has no embedding mask before it");
    }
    RecurrentCell cell = r.cell();
    int steps = r.steps();
    int features = r.features();
    int units = r.units();
    int gateUnits = cell.gates() * units;
    int count = directions.size();
    Tensor in = g.channelsLast(x, n);
    ONNXNode stepsFirst =
        g.op(OnnxOps.TRANSPOSE, n + ".steps_first", List.of(in.ref()), Map.of("perm", new int[] {1, 0, 2}));
    double[][] kernels = new double[count][];
    double[][] recurrents = new double[count][];
    double[][] biases = new double[count][];
    for (int d = 0; d < count; d++) {
      String prefix = n + "." + (count == 1 ? "" : d == 0 ? "forward_" : "backward_");
      kernels[d] = g.trained(n, prefix + "kernel");
      recurrents[d] = g.trained(n, prefix + "recurrent_kernel");
      biases[d] = r.useBias() ? g.trained(n, prefix + "bias") : null;
    }
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(stepsFirst,
        transposed(g, n + ".W", kernels, cell, features, units),
        transposed(g, n + ".R", recurrents, cell, units, units)));
    if (r.useBias() || mask != null) {
      // sequence_lens comes after B, so a masked layer without bias has a B of zeros
      inputs.add(g.derived(n + ".B", List.of(count, 2 * gateUnits), i -> {
        if (!r.useBias()) {
          return 0;
        }
        int d = i / (2 * gateUnits);
        int k = i % (2 * gateUnits);
        int half = k / gateUnits;
        int gate = k % gateUnits / units;
        int j = k % units;
        if (cell == RecurrentCell.GRU) {
          return biases[d][half * gateUnits + gate * units + j];
        }
        return half == 0 ? biases[d][kerasGate(cell, gate) * units + j] : 0;
      }));
    }
    if (mask != null) {
      inputs.add(mask.lengths());
    }
    ONNXOperator op = switch (cell) {
      case GRU -> GRU;
      case LSTM -> LSTM;
      case SIMPLE_RNN -> RNN;
    };
    Map<String, Object> attributes = cell == RecurrentCell.GRU
        ? Map.of("hidden_size", units, "direction", count == 2 ? "bidirectional" : "forward", "linear_before_reset", 1)
        : Map.of("hidden_size", units, "direction", count == 2 ? "bidirectional" : "forward");
    List<ONNXNode> outputs = g.op(op, List.of(n + ".y", n + ".y_h"), inputs, attributes);
    if (r.returnSequences()) {
      // Y [steps, directions, N, units] to [N, steps, directions·units]
      ONNXNode batchFirst = g.op(OnnxOps.TRANSPOSE, n + ".batch_first", List.of(outputs.get(0)),
          Map.of("perm", new int[] {2, 0, 1, 3}));
      ONNXNode merged = g.op(OnnxOps.RESHAPE, n + ".merged",
          List.of(batchFirst, g.shape(n + ".merged", -1, steps, (long) count * units)));
      if (mask != null && count == 1) {
        // a padded step (all after the last real one) repeats the last state, Y_h [1, N, units] as [N, 1, units]
        ONNXNode last = g.op(OnnxOps.TRANSPOSE, n + ".last", List.of(outputs.get(1)),
            Map.of("perm", new int[] {1, 0, 2}));
        ONNXNode repeated = g.op(ONNXOperators.WHERE, n + ".repeated", List.of(mask.real(), merged, last));
        return new Tensor(repeated, outputShape(steps, units), Layout.CHANNELS_LAST);
      }
      return new Tensor(merged, outputShape(steps, count * units), Layout.CHANNELS_LAST);
    }
    // Y_h [directions, N, units] to [N, directions·units]
    ONNXNode batchFirst = g.op(OnnxOps.TRANSPOSE, n + ".batch_first", List.of(outputs.get(1)),
        Map.of("perm", new int[] {1, 0, 2}));
    ONNXNode merged = g.op(OnnxOps.RESHAPE, n + ".merged",
        List.of(batchFirst, g.shape(n + ".merged", -1, (long) count * units)));
    return new Tensor(merged, Shape.of(count * units), Layout.FLAT);
  }

  private static Shape outputShape(int steps, int width) {
    return Shape.of(steps, width);
  }

  /** Kernels [rows, gates·units] per direction as ONNX's [directions, gates·units, rows], gates in ONNX's order. */
  private static ONNXInitializer transposed(
      OnnxGraph g, String name, double[][] kernels, RecurrentCell cell, int rows, int units) {
    int gateUnits = cell.gates() * units;
    return g.derived(name, List.of(kernels.length, gateUnits, rows), i -> {
      int d = i / (gateUnits * rows);
      int k = i % (gateUnits * rows);
      int column = k / rows;
      int row = k % rows;
      int gate = column / units;
      int j = column % units;
      return kernels[d][row * gateUnits + kerasGate(cell, gate) * units + j];
    });
  }
}
