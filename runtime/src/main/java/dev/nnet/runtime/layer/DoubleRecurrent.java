package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.kernel.Bias;
import dev.nnet.runtime.kernel.Embedding;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java
/**
 * What the float64 recurrent cells ({@link DoubleGru}, {@link DoubleLstm}, {@link DoubleSimpleRnn}) share: the pass
 * over the steps and backpropagation through time around one cell's step. With the input kernel W [features,
 * gates·units] and the recurrent kernel U [units, gates·units] (gate blocks in Keras' order),
 *
 * <pre>
 *   x̂ = x·W + b                    all steps at once: one product [rows·steps, features]·W
 *   ĥ = h_{t−1}·U                  one product [rows, units]·U per step
 *   h_t = cell(x̂_t, ĥ, h_{t−1})     element-wise, the subclass's step
 * </pre>
 *
 * with the state before the first step zero. Backward runs the steps in reverse: the cell's step backward gives the
 * gradients of x̂_t and ĥ, the state's gradient flows on through dĥ·Uᵀ (one product per step), and the kernels'
 * gradients are one product each over all steps, dW = xᵀ·dx̂ and dU = h_{t−1}ᵀ·dĥ, as is dx = dx̂·Wᵀ.
 *
 * <p>A sequence of {@code steps} steps of {@code features} values is one row of the input, step t at
 * {@code t·features}. A mask (1 real step, 0 padding, one value per sample and step, or null) leaves the state of a
 * padded step unchanged, as Keras does. The output is the last state [rows, units] or, with
 * {@code returnSequences}, every step's state [rows, steps·units] (a padded step repeats the state, or is 0 with
 * {@code zeroMaskedOutput}, as Keras' {@code Bidirectional} makes it); it is written at column {@code outOffset} of
 * rows {@code outWidth} (per step) wide, so that the two directions of a bidirectional layer share one output. A
 * {@code reverse} cell reads the steps last to first (Keras' {@code go_backwards}) and writes each step's state at
 * the step's own position.
 *
 * <p>After an embedding, {@link #forwardEmbedded} and {@link #backwardEmbedded} take the token ids and the
 * embedding table E instead of the embedded sequences. With fewer ids in the vocabulary than steps in the batch
 * (64 characters against 64 words of 20 steps, say), x̂ of a step is then a row of one table per batch,
 * T = E·W + b, picked by the step's id, and the gradients follow from S, the sum of dx̂ over the steps of each id:
 * dW = Eᵀ·S and dE = S·Wᵀ. That is the same sum as xᵀ·dx̂ and the embedding's scatter-add of dx̂·Wᵀ, reordered, for
 * products over the vocabulary instead of over every step (the three products of the input took a fifth of a
 * character-level GRU's training step). With a vocabulary as large as the batch's steps or larger, the rows of E
 * are gathered and the layer runs as after any other layer.
 *
 * <p>Buffers grow to the largest batch seen and are kept, so steps after the first allocate nothing. Not
 * thread-safe: one per layer and direction of a network.
 */
public abstract class DoubleRecurrent {
  protected final int steps;
  protected final int features;
  protected final int units;
  /** Columns of the kernels: gates · units. */
  protected final int gateUnits;
  private final boolean returnSequences;
  private final boolean reverse;
  private final boolean zeroMaskedOutput;
  private final int outWidth;
  private final int outOffset;
  /** Values the cell keeps per sample and step for backward. */
  private final int savedPerStep;

  private int capacity;
  /** x̂ = x·W + b, [rows·steps, gates·units], row b·steps + t. */
  private final DMatrixRMaj projected = new DMatrixRMaj(1, 1);
  /** The state h, [rows, units], updated in place step by step. */
  private final DMatrixRMaj state = new DMatrixRMaj(1, 1);
  /** ĥ = h_{t−1}·U of the step being computed, [rows, gates·units]. */
  private final DMatrixRMaj recurrent = new DMatrixRMaj(1, 1);
  /** h_{t−1} of every step in processing order, [steps·rows, units]. */
  private final DMatrixRMaj previous = new DMatrixRMaj(1, 1);
  /** What the cell keeps of every step, in processing order: steps·rows blocks of {@link #savedPerStep}. */
  protected double[] saved = new double[0];
  /** The gradient of x̂, laid out as {@link #projected}. */
  private final DMatrixRMaj projectedGrad = new DMatrixRMaj(1, 1);
  /** The gradient of ĥ of every step in processing order, [steps·rows, gates·units]. */
  private final DMatrixRMaj recurrentGrad = new DMatrixRMaj(1, 1);
  /** The gradient of ĥ of one step, [rows, gates·units]. */
  private final DMatrixRMaj stepGrad = new DMatrixRMaj(1, 1);
  /** d(loss)/dh carried from step to step, [rows, units]. */
  private final DMatrixRMaj stateGrad = new DMatrixRMaj(1, 1);
  /** dĥ·Uᵀ of one step, [rows, units]. */
  private final DMatrixRMaj stateGradStep = new DMatrixRMaj(1, 1);
  /**
   * Uᵀ, [gates·units, units], made once per backward pass: the step's dĥ·Uᵀ as a plain product took 13 µs against
   * 18 for OpenBLAS's transposed one ([64, 192] by [192, 64], benchmarks/RESULTS.md).
   */
  private final DMatrixRMaj recurrentKernelT = new DMatrixRMaj(1, 1);
  /** dx̂·Wᵀ when it is added to an input gradient the other direction wrote, [rows·steps, features]. */
  private final DMatrixRMaj inputGradSum = new DMatrixRMaj(1, 1);
  /** Views of the caller's arrays as matrices: no copy. */
  private final DMatrixRMaj input = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj inputGrad = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj kernelGradView = new DMatrixRMaj(1, 1);
  /** After an embedding: T = E·W + b, x̂ of each id of the vocabulary, [inputDim, gates·units]. */
  private final DMatrixRMaj table = new DMatrixRMaj(1, 1);
  /** After an embedding: S, the sum of dx̂ over the steps of each id, laid out as {@link #table}. */
  private final DMatrixRMaj tableGrad = new DMatrixRMaj(1, 1);
  /** After an embedding with a large vocabulary: the rows of E the ids pick, [rows·steps, features]. */
  private final DMatrixRMaj embedded = new DMatrixRMaj(1, 1);

  protected DoubleRecurrent(int steps, int features, int units, int gates, int savedPerStep, boolean returnSequences,
      boolean reverse, boolean zeroMaskedOutput, int outWidth, int outOffset) {
    this.steps = steps;
    this.features = features;
    this.units = units;
    this.gateUnits = gates * units;
    this.savedPerStep = savedPerStep;
    this.returnSequences = returnSequences;
    this.reverse = reverse;
    this.zeroMaskedOutput = zeroMaskedOutput;
    this.outWidth = outWidth;
    this.outOffset = outOffset;
  }

  /** Zeroes whatever state the cell keeps beside h (an LSTM's cell state) for {@code rows} samples, before forward. */
  protected void resetState(int rows) {}

  /** Zeroes the gradient of that state, before backward. */
  protected void resetStateGrad(int rows) {}

  /**
   * One real step of sample b: from x̂_t ({@code p} at {@code pi}), ĥ ({@code rec} at {@code ri}) and the state
   * h_{t−1} ({@code h} at {@code hi}, overwritten with h_t), keeping what backward needs at {@code saved[si]}.
   * {@code bias} is the layer's (null without), for a cell that adds part of it to ĥ.
   */
  protected abstract void step(int b, double[] p, int pi, double[] rec, int ri, double[] bias, double[] h, int hi,
      int si);

  /**
   * One real step of sample b backward: from h_{t−1} ({@code hp} at {@code pv}), what forward kept at
   * {@code saved[si]} and dh_t ({@code dh} at {@code hi}, overwritten with the part of dh_{t−1} that does not go
   * through U), writes dx̂_t ({@code dp} at {@code pi}) and dĥ ({@code dr} at {@code ri}).
   */
  protected abstract void stepBackward(int b, double[] hp, int pv, int si, double[] dh, int hi, double[] dp, int pi,
      double[] dr, int ri);

  private void ensure(int rows) {
    if (rows > capacity) {
      capacity = rows;
      saved = new double[steps * rows * savedPerStep];
    }
    projected.reshape(rows * steps, gateUnits);
    state.reshape(rows, units);
    recurrent.reshape(rows, gateUnits);
    previous.reshape(steps * rows, units);
  }

  private int time(int s) {
    return reverse ? steps - 1 - s : s;
  }

  /**
   * Runs the first {@code rows} sequences of {@code x} ([rows, steps·features]) through the layer and writes the
   * output into {@code y} (see the class comment for its layout); modifies {@code y} and the layer's buffers only.
   * {@code bias} may be null (no bias), {@code mask} null (every step real).
   */
  public final void forward(double[] x, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias, double[] mask,
      int rows, double[] y) {
    ensure(rows);
    project(view(input, x, rows * steps, features), kernel, bias, projected);
    recur(projected.data, null, recurrentKernel, bias, mask, rows, y);
  }

  /**
   * As {@link #forward}, with the input the rows of {@code embeddings} ([inputDim, features]) that the token
   * {@code ids} ([rows, steps], whole numbers below inputDim) pick; see the class comment.
   */
  public final void forwardEmbedded(double[] ids, DMatrixRMaj embeddings, DMatrixRMaj kernel,
      DMatrixRMaj recurrentKernel, double[] bias, double[] mask, int rows, double[] y) {
    ensure(rows);
    int vocabulary = embeddings.numRows;
    if (throughTable(vocabulary, rows)) {
      table.reshape(vocabulary, gateUnits);
      project(embeddings, kernel, bias, table);
      recur(table.data, ids, recurrentKernel, bias, mask, rows, y);
    } else {
      embedded.reshape(rows * steps, features);
      Embedding.forward(ids, rows * steps, embeddings.data, vocabulary, features, embedded.data);
      project(embedded, kernel, bias, projected);
      recur(projected.data, null, recurrentKernel, bias, mask, rows, y);
    }
  }

  /** Whether x̂ comes from one table per batch: fewer ids in the vocabulary than steps in the batch. */
  private boolean throughTable(int vocabulary, int rows) {
    return vocabulary < rows * steps;
  }

  /** p = x·W + b, p reshaped by the caller. */
  private void project(DMatrixRMaj x, DMatrixRMaj kernel, double[] bias, DMatrixRMaj p) {
    MatMul.mult(x, kernel, p);
    if (bias != null) {
      Bias.add(p.data, p.numRows, gateUnits, bias); // its first row: a GRU's second row is the cell's
    }
  }

  /**
   * The steps: x̂ of step t of sample b is row b·steps + t of {@code p}, or, with {@code ids}, the row its id
   * picks.
   */
  private void recur(double[] p, double[] ids, DMatrixRMaj recurrentKernel, double[] bias, double[] mask, int rows,
      double[] y) {
    double[] h = state.data;
    Arrays.fill(h, 0, rows * units, 0.0);
    resetState(rows);
    for (int s = 0; s < steps; s++) {
      int t = time(s);
      System.arraycopy(h, 0, previous.data, s * rows * units, rows * units);
      MatMul.mult(state, recurrentKernel, recurrent);
      for (int b = 0; b < rows; b++) {
        boolean real = mask == null || mask[b * steps + t] != 0;
        if (real) {
          int row = ids == null ? b * steps + t : Embedding.row(ids, b * steps + t, table.numRows);
          step(b, p, row * gateUnits, recurrent.data, b * gateUnits, bias, h, b * units, (s * rows + b) * savedPerStep);
        }
        if (returnSequences) {
          int yi = (b * steps + t) * outWidth + outOffset;
          if (real || !zeroMaskedOutput) {
            System.arraycopy(h, b * units, y, yi, units);
          } else {
            Arrays.fill(y, yi, yi + units, 0.0);
          }
        }
      }
    }
    if (!returnSequences) {
      for (int b = 0; b < rows; b++) {
        System.arraycopy(h, b * units, y, b * outWidth + outOffset, units);
      }
    }
  }

  /**
   * Backpropagation through time from {@code dy} (laid out as forward's output): the gradients of the kernel, the
   * recurrent kernel and the bias (overwritten; {@code biasGrad} null without bias) and, when {@code dx} is not null,
   * the input's gradient, overwritten or, with {@code addToDx}, added to what is there. {@code x}, the parameters
   * and {@code mask} are forward's, which must have run on these {@code rows} last. Modifies the four gradients
   * and the layer's buffers only.
   */
  public final void backward(double[] x, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] mask, double[] dy,
      int rows, double[] kernelGrad, double[] recurrentKernelGrad, double[] biasGrad, double[] dx, boolean addToDx) {
    throughTime(recurrentKernel, mask, dy, rows, recurrentKernelGrad, biasGrad);
    inputGradients(view(input, x, rows * steps, features), kernel, rows, kernelGrad, biasGrad, dx, addToDx);
  }

  /**
   * As {@link #backward} after {@link #forwardEmbedded} (which must have run on these {@code rows} last), with
   * the gradient of {@code embeddings} (overwritten) in place of the input's.
   */
  public final void backwardEmbedded(double[] ids, DMatrixRMaj embeddings, DMatrixRMaj kernel,
      DMatrixRMaj recurrentKernel, double[] mask, double[] dy, int rows, double[] kernelGrad,
      double[] recurrentKernelGrad, double[] biasGrad, double[] embeddingsGrad) {
    throughTime(recurrentKernel, mask, dy, rows, recurrentKernelGrad, biasGrad);
    int vocabulary = embeddings.numRows;
    if (!throughTable(vocabulary, rows)) {
      inputGradSum.reshape(rows * steps, features);
      inputGradients(embedded, kernel, rows, kernelGrad, biasGrad, inputGradSum.data, false);
      Embedding.backward(ids, inputGradSum.data, rows * steps, vocabulary, features, embeddingsGrad);
      return;
    }
    tableGrad.reshape(vocabulary, gateUnits);
    Embedding.backward(ids, projectedGrad.data, rows * steps, vocabulary, gateUnits, tableGrad.data); // S
    MatMul.multTransA(embeddings, tableGrad, view(kernelGradView, kernelGrad, features, gateUnits));
    if (biasGrad != null) {
      Bias.backward(tableGrad.data, vocabulary, gateUnits, biasGrad, 0);
    }
    MatMul.multTransB(tableGrad, kernel, view(inputGrad, embeddingsGrad, vocabulary, features));
  }

  /**
   * Backpropagation through time: dx̂ of every step into {@link #projectedGrad}, dU, and the bias row a cell adds
   * to ĥ (a GRU's second).
   */
  private void throughTime(DMatrixRMaj recurrentKernel, double[] mask, double[] dy, int rows,
      double[] recurrentKernelGrad, double[] biasGrad) {
    projectedGrad.reshape(rows * steps, gateUnits);
    recurrentGrad.reshape(steps * rows, gateUnits);
    stepGrad.reshape(rows, gateUnits);
    stateGrad.reshape(rows, units);
    stateGradStep.reshape(rows, units);
    CommonOps_DDRM.transpose(recurrentKernel, recurrentKernelT);
    double[] dp = projectedGrad.data;
    double[] dr = stepGrad.data;
    double[] dh = stateGrad.data;
    double[] dhStep = stateGradStep.data;
    Arrays.fill(dh, 0, rows * units, 0.0);
    resetStateGrad(rows);
    if (!returnSequences) {
      for (int b = 0; b < rows; b++) {
        System.arraycopy(dy, b * outWidth + outOffset, dh, b * units, units);
      }
    }
    for (int s = steps - 1; s >= 0; s--) {
      int t = time(s);
      for (int b = 0; b < rows; b++) {
        boolean real = mask == null || mask[b * steps + t] != 0;
        int hi = b * units;
        if (returnSequences && (real || !zeroMaskedOutput)) {
          int yi = (b * steps + t) * outWidth + outOffset;
          for (int j = 0; j < units; j++) {
            dh[hi + j] += dy[yi + j];
          }
        }
        int pi = (b * steps + t) * gateUnits;
        int ri = b * gateUnits;
        if (real) {
          stepBackward(b, previous.data, (s * rows + b) * units, (s * rows + b) * savedPerStep, dh, hi, dp, pi, dr, ri);
        } else {
          // the state went through unchanged, and so does its gradient; nothing reaches this step's gates
          Arrays.fill(dp, pi, pi + gateUnits, 0.0);
          Arrays.fill(dr, ri, ri + gateUnits, 0.0);
        }
      }
      System.arraycopy(dr, 0, recurrentGrad.data, s * rows * gateUnits, rows * gateUnits);
      if (s > 0) {
        MatMul.mult(stepGrad, recurrentKernelT, stateGradStep);
        for (int i = 0, n = rows * units; i < n; i++) {
          dh[i] += dhStep[i];
        }
      }
    }
    MatMul.multTransA(previous, recurrentGrad, view(kernelGradView, recurrentKernelGrad, units, gateUnits));
    if (biasGrad != null && biasGrad.length > gateUnits) { // a GRU's second bias row, added to ĥ
      Bias.backward(recurrentGrad.data, steps * rows, gateUnits, biasGrad, gateUnits);
    }
  }

  /** From dx̂: dW = xᵀ·dx̂, the bias's first row, and dx = dx̂·Wᵀ when {@code dx} is not null (see backward). */
  private void inputGradients(DMatrixRMaj x, DMatrixRMaj kernel, int rows, double[] kernelGrad, double[] biasGrad,
      double[] dx, boolean addToDx) {
    MatMul.multTransA(x, projectedGrad, view(kernelGradView, kernelGrad, features, gateUnits));
    if (biasGrad != null) {
      Bias.backward(projectedGrad.data, rows * steps, gateUnits, biasGrad, 0);
    }
    if (dx != null) {
      if (addToDx) {
        inputGradSum.reshape(rows * steps, features);
        MatMul.multTransB(projectedGrad, kernel, inputGradSum);
        double[] sum = inputGradSum.data;
        for (int i = 0, n = rows * steps * features; i < n; i++) {
          dx[i] += sum[i];
        }
      } else {
        MatMul.multTransB(projectedGrad, kernel, view(inputGrad, dx, rows * steps, features));
      }
    }
  }

  /** Points {@code view} at {@code data} as a [rows, cols] matrix, without copying or allocating. */
  private static DMatrixRMaj view(DMatrixRMaj view, double[] data, int rows, int cols) {
    view.data = data;
    view.numRows = rows;
    view.numCols = cols;
    return view;
  }
}
