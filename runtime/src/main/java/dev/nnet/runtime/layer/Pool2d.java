package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.kernel.AveragePooling;
import dev.nnet.runtime.kernel.MaxPooling;
import dev.nnet.runtime.kernel.MaxPooling2x2;
import dev.nnet.runtime.kernel.Parts;
import dev.nnet.runtime.kernel.Window2d;

/**
 * Max or average pooling per channel, run in parts: a range of samples per thread (a sample's windows, and so its
 * winners, lie in that sample), in float32 or float64 by overload. Max pooling in training remembers which input won
 * each window ({@link #forwardRecording}), so that backward routes each gradient there; average pooling spreads it
 * evenly over the real positions of the window. The usual 2×2 max pooling at stride 2 has its own kernels, which
 * find the winners again in backward from the input and the output instead of recording them: both passes then
 * vectorize. Not thread-safe: one per network.
 */
public final class Pool2d {
  /** Which statistic of a window the output is. */
  public enum Kind {
    MAX,
    AVERAGE
  }

  private static final int FORWARD = 0;
  private static final int RECORDING = 1;
  private static final int BACKWARD = 2;

  private final Kind kind;
  private final Window2d window;
  private final boolean twoByTwo;
  private final int threads;
  private final Parallel.Job job = this::part;
  /** For each output value, the index of the input that won its window in the last recording pass. */
  private int[] winners;

  // The current pass and its operands (one precision at a time), set before its parts run.
  private int pass;
  private int rows;
  private float[] fx;
  private float[] fy;
  private float[] fdy;
  private float[] fdx;
  private double[] dX;
  private double[] dY;
  private double[] dDy;
  private double[] dDx;

  public Pool2d(Kind kind, Window2d window) {
    this.kind = kind;
    this.window = window;
    this.twoByTwo = kind == Kind.MAX && MaxPooling2x2.isTwoByTwo(window);
    this.threads = PartRunner.threads();
  }

  /** Whether training must call {@link #forwardRecording}: max pooling other than 2×2 at stride 2. */
  public boolean records() {
    return kind == Kind.MAX && !twoByTwo;
  }

  /** y = the max or mean of each window of x, for the first {@code rows} samples. */
  public void forward(float[] x, float[] y, int rows) {
    set(FORWARD, x, y, null, null, rows);
  }

  public void forward(double[] x, double[] y, int rows) {
    set(FORWARD, x, y, null, null, rows);
  }

  /** As {@link #forward(float[], float[], int)}, recording the winners for backward (when {@link #records()}). */
  public void forwardRecording(float[] x, float[] y, int rows) {
    ensureWinners(rows);
    set(records() ? RECORDING : FORWARD, x, y, null, null, rows);
  }

  public void forwardRecording(double[] x, double[] y, int rows) {
    ensureWinners(rows);
    set(records() ? RECORDING : FORWARD, x, y, null, null, rows);
  }

  /** dx from dy: to each window's winner (max) or shared by its real positions (average); x and y are forward's. */
  public void backward(float[] x, float[] y, float[] dy, float[] dx, int rows) {
    set(BACKWARD, x, y, dy, dx, rows);
  }

  public void backward(double[] x, double[] y, double[] dy, double[] dx, int rows) {
    set(BACKWARD, x, y, dy, dx, rows);
  }

  /**
   * Winners for {@code rows} samples, allocated at the first recording pass and grown only for a larger batch than
   * any before: a training run's first full batch allocates, no later step does.
   */
  private void ensureWinners(int rows) {
    int needed = rows * window.outPixels() * window.channels();
    if (records() && (winners == null || winners.length < needed)) {
      winners = new int[needed];
    }
  }

  private void set(int pass, float[] x, float[] y, float[] dy, float[] dx, int rows) {
    this.pass = pass;
    this.rows = rows;
    fx = x;
    fy = y;
    fdy = dy;
    fdx = dx;
    PartRunner.run(job, rows, threads);
    fx = null;
  }

  private void set(int pass, double[] x, double[] y, double[] dy, double[] dx, int rows) {
    this.pass = pass;
    this.rows = rows;
    dX = x;
    dY = y;
    dDy = dy;
    dDx = dx;
    PartRunner.run(job, rows, threads);
    dX = null;
  }

  /** One part of the samples; each kernel below is overloaded for float[] and double[]. */
  private void part(int part, int parts) {
    int from = Parts.first(rows, part, parts);
    int n = Parts.first(rows, part + 1, parts) - from;
    if (fx != null) {
      floatPart(from, n);
    } else {
      doublePart(from, n);
    }
  }

  private void floatPart(int from, int n) {
    if (pass == BACKWARD) {
      if (twoByTwo) {
        MaxPooling2x2.maxPool2x2Backward(fx, fy, fdy, from, n, window, fdx);
      } else if (kind == Kind.MAX) {
        MaxPooling.maxPoolBackward(fdy, from, n, window, winners, fdx);
      } else {
        AveragePooling.averagePoolBackward(fdy, from, n, window, fdx);
      }
    } else if (twoByTwo) {
      MaxPooling2x2.maxPool2x2(fx, from, n, window, fy);
    } else if (pass == RECORDING) {
      MaxPooling.maxPool(fx, from, n, window, fy, winners);
    } else if (kind == Kind.MAX) {
      MaxPooling.maxPool(fx, from, n, window, fy);
    } else {
      AveragePooling.averagePool(fx, from, n, window, fy);
    }
  }

  private void doublePart(int from, int n) {
    if (pass == BACKWARD) {
      if (twoByTwo) {
        MaxPooling2x2.maxPool2x2Backward(dX, dY, dDy, from, n, window, dDx);
      } else if (kind == Kind.MAX) {
        MaxPooling.maxPoolBackward(dDy, from, n, window, winners, dDx);
      } else {
        AveragePooling.averagePoolBackward(dDy, from, n, window, dDx);
      }
    } else if (twoByTwo) {
      MaxPooling2x2.maxPool2x2(dX, from, n, window, dY);
    } else if (pass == RECORDING) {
      MaxPooling.maxPool(dX, from, n, window, dY, winners);
    } else if (kind == Kind.MAX) {
      MaxPooling.maxPool(dX, from, n, window, dY);
    } else {
      AveragePooling.averagePool(dX, from, n, window, dY);
    }
  }
}
