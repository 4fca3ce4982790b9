package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.kernel.Bias;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

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
  /** dx̂·Wᵀ when it is added to an input gradient the other direction wrote, [rows·steps, features]. */
  private final DMatrixRMaj inputGradSum = new DMatrixRMaj(1, 1);
  /** Views of the caller's arrays as matrices: no copy. */
  private final DMatrixRMaj input = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj inputGrad = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj kernelGradView = new DMatrixRMaj(1, 1);

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
    MatMul.mult(view(input, x, rows * steps, features), kernel, projected);
    double[] p = projected.data;
    if (bias != null) {
      Bias.add(p, rows * steps, gateUnits, bias); // its first row: a GRU's second row is the cell's
    }
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
          step(b, p, (b * steps + t) * gateUnits, recurrent.data, b * gateUnits, bias, h, b * units,
              (s * rows + b) * savedPerStep);
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
    projectedGrad.reshape(rows * steps, gateUnits);
    recurrentGrad.reshape(steps * rows, gateUnits);
    stepGrad.reshape(rows, gateUnits);
    stateGrad.reshape(rows, units);
    stateGradStep.reshape(rows, units);
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
        MatMul.multTransB(stepGrad, recurrentKernel, stateGradStep);
        for (int i = 0, n = rows * units; i < n; i++) {
          dh[i] += dhStep[i];
        }
      }
    }
    MatMul.multTransA(previous, recurrentGrad, view(kernelGradView, recurrentKernelGrad, units, gateUnits));
    MatMul.multTransA(view(input, x, rows * steps, features), projectedGrad,
        view(kernelGradView, kernelGrad, features, gateUnits));
    if (biasGrad != null) {
      Bias.backward(dp, rows * steps, gateUnits, biasGrad, 0);
      if (biasGrad.length > gateUnits) { // a GRU's second bias row, added to ĥ
        Bias.backward(recurrentGrad.data, steps * rows, gateUnits, biasGrad, gateUnits);
      }
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
