package dev.nnet.compiler.summary;

import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style summary of a checked model: one row per layer (name and type, output shape, parameters), the
 * parameter totals with their size in bytes, the forward pass's floating-point operations per sample, and the
 * memory that parameters and activations take at a batch size.
 *
 * <p>FLOPs count a multiply-add as 2: a dense layer costs {@code 2·in·units}, a convolution
 * {@code 2·kh·kw·cin} per output value; a bias add, an activation (other than linear), a pooling window element,
 * a global average input value and a batch normalization (scale and shift: 2) count one each per value touched;
 * a layer normalization 5 per value (statistics, then scale and shift). Dropout and flatten are free at inference.
 * Each layer kind states its own count ({@link LayerSpec#forwardFlops}) and label ({@link LayerSpec#kerasName}).
 */
public final class ModelSummary {
  private ModelSummary() {}

  /** The summary as text, lines ending in {@code \n}; {@code batchSize} sizes the activation memory. */
  public static String render(ModelSpec model, int batchSize) {
    List<String[]> rows = new ArrayList<>();
    for (LayerSpec layer : model.layers()) {
      rows.add(
          new String[] {
            layer.name() + " (" + layer.kerasName() + ")",
            layer.outputShape().toString(),
            grouped(layer.trainableParameters() + layer.nonTrainableParameters())
          });
    }
    String[] header = {"Layer (type)", "Output Shape", "Param #"};
    int[] width = {29, 26, 10};
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], row[i].length() + 3);
      }
    }
    int total = width[0] + width[1] + width[2];
    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(model.name()).append("\"\n");
    out.append("_".repeat(total)).append('\n');
    row(out, header, width);
    out.append("=".repeat(total)).append('\n');
    for (String[] r : rows) {
      row(out, r, width);
    }
    out.append("=".repeat(total)).append('\n');

    int bytes = model.precision() == Precision.FLOAT64 ? 8 : 4;
    long trainable = model.trainableParameters();
    long frozen = model.nonTrainableParameters();
    out.append("Total params: ").append(withBytes(trainable + frozen, bytes)).append('\n');
    out.append("Trainable params: ").append(withBytes(trainable, bytes)).append('\n');
    out.append("Non-trainable params: ").append(withBytes(frozen, bytes)).append('\n');
    out.append("_".repeat(total)).append('\n');

    long flops = forwardFlops(model);
    out.append("Forward FLOPs per sample: ").append(grouped(flops));
    if (flops >= 1000) {
      out.append(" (").append(si(flops)).append(')');
    }
    out.append('\n');
    long values = model.input().size();
    for (LayerSpec layer : model.layers()) {
      values += layer.outputShape().size();
    }
    out.append("Memory at batch size ")
        .append(batchSize)
        .append(" (")
        .append(model.precision() == Precision.FLOAT64 ? "float64" : "float32")
        .append("): parameters ")
        .append(readable((trainable + frozen) * bytes))
        .append(", activations ")
        .append(readable(values * batchSize * bytes))
        .append('\n');
    return out.toString();
  }

  /** The forward pass's floating-point operations for one sample, counted as the class comment says. */
  public static long forwardFlops(ModelSpec model) {
    long flops = 0;
    for (LayerSpec layer : model.layers()) {
      flops += layer.forwardFlops();
    }
    return flops;
  }

  private static void row(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder(" ");
    for (int i = 0; i < cells.length; i++) {
      line.append(cells[i]);
      if (i < cells.length - 1) {
        line.append(" ".repeat(Math.max(1, width[i] - cells[i].length())));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String withBytes(long count, int bytes) {
    return grouped(count) + " (" + readable(count * bytes) + ")";
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Bytes in powers of 1024 with two decimals, as Keras prints them: {@code 397.54 KB}. */
  static String readable(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", bytes, units[unit]);
  }

  /** Operations in powers of 1000: {@code 203.40 K}, {@code 1.20 G}. */
  static String si(double n) {
    String[] units = {"", " K", " M", " G", " T", " P"};
    int unit = 0;
    while (n >= 1000 && unit < units.length - 1) {
      n /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f%s FLOPs" : "%.2f%sFLOPs", n, units[unit]);
  }
}
