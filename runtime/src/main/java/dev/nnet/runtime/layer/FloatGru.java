package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.kernel.Activations;
import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;

/**
 * A float32 GRU over a batch of sequences, Keras' {@code GRU} with {@code reset_after = true} (its default since
 * TensorFlow 2), forward pass and backpropagation through time. With the input kernel W [features, 3·units], the
 * recurrent kernel U [units, 3·units] (gate blocks in Keras' order z, r, h) and the bias [2, 3·units] (row 0 added
 * to x·W, row 1 to h·U), one step is
 *
 * <pre>
 *   x̂ = x·W + b_in                 (all steps at once: one product [rows·steps, features]·W)
 *   ĥ = h_{t−1}·U + b_rec          (one product [rows, units]·U per step)
 *   z = σ(x̂_z + ĥ_z)   r = σ(x̂_r + ĥ_r)   h̃ = tanh(x̂_h + r ⊙ ĥ_h)
 *   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
 * </pre>
 *
 * with h before the first step zero. Backward runs the steps in reverse with the same products transposed, keeping
 * each step's gradient of x̂ and ĥ, so that dW = xᵀ·dx̂, dU = h_{t−1}ᵀ·dĥ and dx = dx̂·Wᵀ are one product each over
 * all steps.
 *
 * <p>A sequence of {@code steps} steps of {@code features} values is one row of the input, step t at
 * {@code t·features}; a mask (1 real step, 0 padding, one value per sample and step, may be null) leaves the state
 * of a padded step unchanged, as Keras does. The output is the last state [rows, units] or, with
 * {@code returnSequences}, every step's state [rows, steps·units]; it is written at column {@code outOffset} of rows
 * {@code outWidth} (per step) wide, so that the two directions of a bidirectional layer share one output. A
 * {@code reverse} GRU reads the steps last to first (Keras' {@code go_backwards}) and writes each step's state at
 * the step's own position. {@code zeroMaskedOutput} writes 0 for a padded step's output instead of the state, as
 * Keras' {@code Bidirectional} does.
 *
 * <p>Buffers grow to the largest batch seen and are kept, so steps after the first allocate nothing. Not
 * thread-safe: one per layer of a network.
 */
public final class FloatGru {
  private final int steps;
  private final int features;
  private final int units;
  private final boolean returnSequences;
  private final boolean reverse;
  private final boolean zeroMaskedOutput;
  private final int outWidth;
  private final int outOffset;

  /** Rows the buffers hold. */
  private int capacity;
  /** x·W + b_in, [rows·steps, 3·units], row b·steps + t. */
  private final FMatrixRMaj projected = new FMatrixRMaj(1, 1);
  /** The state h, [rows, units]: the one being updated in forward, h_{t−1} before each step's product. */
  private final FMatrixRMaj state = new FMatrixRMaj(1, 1);
  /** ĥ = h_{t−1}·U for the step being computed, [rows, 3·units]. */
  private final FMatrixRMaj recurrent = new FMatrixRMaj(1, 1);
  /** h_{t−1} of every step in processing order, [steps·rows, units]. */
  private final FMatrixRMaj previous = new FMatrixRMaj(1, 1);
  /** z, r, h̃ and ĥ_h (with its bias) of every step in processing order, steps·rows blocks of 4·units. */
  private float[] gates = new float[0];
  /** The gradient of x̂, [rows·steps, 3·units] like {@link #projected}. */
  private final FMatrixRMaj projectedGrad = new FMatrixRMaj(1, 1);
  /** The gradient of ĥ of every step in processing order, [steps·rows, 3·units]. */
  private final FMatrixRMaj recurrentGrad = new FMatrixRMaj(1, 1);
  /** The gradient of ĥ of one step, [rows, 3·units]. */
  private final FMatrixRMaj stepGrad = new FMatrixRMaj(1, 1);
  /** d(loss)/dh carried from step to step, [rows, units]. */
  private final FMatrixRMaj stateGrad = new FMatrixRMaj(1, 1);
  /** dĥ·Uᵀ of one step, [rows, units]. */
  private final FMatrixRMaj stateGradStep = new FMatrixRMaj(1, 1);
  /** dx̂·Wᵀ when it is added to an input gradient another direction wrote, [rows·steps, features]. */
  private final FMatrixRMaj inputGradSum = new FMatrixRMaj(1, 1);
  /** Views of the caller's input and input gradient as [rows·steps, features]: no copy. */
  private final FMatrixRMaj input = new FMatrixRMaj(1, 1);
  private final FMatrixRMaj inputGrad = new FMatrixRMaj(1, 1);
  /** A view of the caller's kernel gradient arrays as matrices. */
  private final FMatrixRMaj kernelGradView = new FMatrixRMaj(1, 1);

  /**
   * A GRU over sequences of {@code steps} × {@code features} with {@code units} units, writing its output at column
   * {@code outOffset} of an output {@code outWidth} wide per step ({@code units} and 0 for a plain layer).
   */
  public FloatGru(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    this.steps = steps;
    this.features = features;
    this.units = units;
    this.returnSequences = returnSequences;
    this.reverse = reverse;
    this.zeroMaskedOutput = zeroMaskedOutput;
    this.outWidth = outWidth;
    this.outOffset = outOffset;
  }

  private void ensure(int rows) {
    if (rows > capacity) {
      capacity = rows;
      gates = new float[steps * rows * 4 * units];
    }
    projected.reshape(rows * steps, 3 * units);
    state.reshape(rows, units);
    recurrent.reshape(rows, 3 * units);
    previous.reshape(steps * rows, units);
  }

  /** The time index of processing step s. */
  private int time(int s) {
    return reverse ? steps - 1 - s : s;
  }

  /**
   * Runs the first {@code rows} sequences of {@code x} ([rows, steps·features]) through the GRU and writes the output
   * into {@code y} (see the class comment for its layout). {@code bias} may be null (no bias), {@code mask} null
   * (every step real).
   */
  public void forward(float[] x, FMatrixRMaj kernel, FMatrixRMaj recurrentKernel, float[] bias, float[] mask,
      float[] y, int rows) {
    ensure(rows);
    view(input, x, rows * steps, features);
    MatMul.mult(input, kernel, projected);
    int g3 = 3 * units;
    float[] p = projected.data;
    if (bias != null) {
      for (int r = 0, n = rows * steps; r < n; r++) {
        for (int j = 0; j < g3; j++) {
          p[r * g3 + j] += bias[j];
        }
      }
    }
    float[] h = state.data;
    float[] rec = recurrent.data;
    Arrays.fill(h, 0, rows * units, 0f);
    for (int s = 0; s < steps; s++) {
      int t = time(s);
      System.arraycopy(h, 0, previous.data, s * rows * units, rows * units);
      MatMul.mult(state, recurrentKernel, recurrent);
      for (int b = 0; b < rows; b++) {
        boolean real = mask == null || mask[b * steps + t] != 0;
        if (real) {
          int pi = (b * steps + t) * g3;
          int ri = b * g3;
          int gi = (s * rows + b) * 4 * units;
          for (int j = 0; j < 2 * units; j++) {
            gates[gi + j] = p[pi + j] + rec[ri + j] + (bias == null ? 0f : bias[g3 + j]);
          }
          Activations.sigmoid(gates, gates, gi, 2 * units);
          for (int j = 0; j < units; j++) {
            float rh = rec[ri + 2 * units + j] + (bias == null ? 0f : bias[g3 + 2 * units + j]);
            gates[gi + 3 * units + j] = rh;
            gates[gi + 2 * units + j] = p[pi + 2 * units + j] + gates[gi + units + j] * rh;
          }
          Activations.tanh(gates, gates, gi + 2 * units, units);
          int hi = b * units;
          for (int j = 0; j < units; j++) {
            float z = gates[gi + j];
            h[hi + j] = z * h[hi + j] + (1f - z) * gates[gi + 2 * units + j];
          }
        }
        if (returnSequences) {
          int yi = (b * steps + t) * outWidth + outOffset;
          if (real || !zeroMaskedOutput) {
            System.arraycopy(h, b * units, y, yi, units);
          } else {
            Arrays.fill(y, yi, yi + units, 0f);
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
   * and {@code mask} are forward's, which must have run on this batch last.
   */
  public void backward(float[] x, FMatrixRMaj kernel, FMatrixRMaj recurrentKernel, float[] mask, float[] dy,
      float[] kernelGrad, float[] recurrentKernelGrad, float[] biasGrad, float[] dx, boolean addToDx, int rows) {
    int g3 = 3 * units;
    projectedGrad.reshape(rows * steps, g3);
    recurrentGrad.reshape(steps * rows, g3);
    stepGrad.reshape(rows, g3);
    stateGrad.reshape(rows, units);
    stateGradStep.reshape(rows, units);
    float[] dp = projectedGrad.data;
    float[] dr = stepGrad.data;
    float[] dh = stateGrad.data;
    float[] dhStep = stateGradStep.data;
    float[] hp = previous.data;
    Arrays.fill(dh, 0, rows * units, 0f);
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
        int pi = (b * steps + t) * g3;
        int ri = b * g3;
        if (!real) {
          // the state passed through unchanged: its gradient too; nothing reaches this step's gates
          Arrays.fill(dp, pi, pi + g3, 0f);
          Arrays.fill(dr, ri, ri + g3, 0f);
          continue;
        }
        int gi = (s * rows + b) * 4 * units;
        int pv = (s * rows + b) * units;
        for (int j = 0; j < units; j++) {
          float z = gates[gi + j];
          float r = gates[gi + units + j];
          float hh = gates[gi + 2 * units + j];
          float rh = gates[gi + 3 * units + j];
          float d = dh[hi + j];
          float dz = d * (hp[pv + j] - hh) * z * (1f - z);
          float dhh = d * (1f - z) * (1f - hh * hh);
          float drr = dhh * rh * r * (1f - r);
          dp[pi + j] = dz;
          dp[pi + units + j] = drr;
          dp[pi + 2 * units + j] = dhh;
          dr[ri + j] = dz;
          dr[ri + units + j] = drr;
          dr[ri + 2 * units + j] = dhh * r;
          dh[hi + j] = d * z;
        }
      }
      System.arraycopy(dr, 0, recurrentGrad.data, s * rows * g3, rows * g3);
      if (s > 0) {
        MatMul.multTransB(stepGrad, recurrentKernel, stateGradStep);
        for (int i = 0, n = rows * units; i < n; i++) {
          dh[i] += dhStep[i];
        }
      }
    }
    MatMul.multTransA(previous, recurrentGrad, view(kernelGradView, recurrentKernelGrad, units, g3));
    view(input, x, rows * steps, features);
    MatMul.multTransA(input, projectedGrad, view(kernelGradView, kernelGrad, features, g3));
    if (biasGrad != null) {
      columnSums(dp, rows * steps, g3, biasGrad, 0);
      columnSums(recurrentGrad.data, steps * rows, g3, biasGrad, g3);
    }
    if (dx != null) {
      if (addToDx) {
        inputGradSum.reshape(rows * steps, features);
        MatMul.multTransB(projectedGrad, kernel, inputGradSum);
        float[] sum = inputGradSum.data;
        for (int i = 0, n = rows * steps * features; i < n; i++) {
          dx[i] += sum[i];
        }
      } else {
        MatMul.multTransB(projectedGrad, kernel, view(inputGrad, dx, rows * steps, features));
      }
    }
  }

  /** out[offset + j] = Σᵣ m[r][j], in row order. */
  private static void columnSums(float[] m, int rows, int cols, float[] out, int offset) {
    Arrays.fill(out, offset, offset + cols, 0f);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        out[offset + j] += m[o + j];
      }
    }
  }

  /** Points {@code view} at {@code data} as a [rows, cols] matrix, without copying or allocating. */
  private static FMatrixRMaj view(FMatrixRMaj view, float[] data, int rows, int cols) {
    view.data = data;
    view.numRows = rows;
    view.numCols = cols;
    return view;
  }
}
