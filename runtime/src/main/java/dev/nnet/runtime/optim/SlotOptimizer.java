package dev.nnet.runtime.optim;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.kernel.Parts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping every optimizer shares: binding to the trainable parameters, one state array per (parameter,
 * slot) in the parameter's precision, the step count, and export/restore. Subclasses implement the update once for
 * float32 and once for float64 arrays, each in its own precision's arithmetic (as Keras: a float32 variable is
 * updated in float32).
 *
 * <p><b>No subnormals.</b> Moments of weights whose gradients vanish (zero pixels, inactive ReLUs) decay toward zero
 * step after step, and the square of a small gradient is smaller still; on Intel cores each arithmetic instruction
 * that reads or makes a subnormal float takes a microcode assist, which made Adam's step 20 times slower. So the state
 * holds only zeros and values of at least {@link #NEGLIGIBLE}, 2<sup>-100</sup>: every update stores a smaller result
 * as zero, and {@link #restoreState} does the same to what it loads. Gradients below {@link #NEGLIGIBLE_GRADIENT},
 * 2<sup>-50</sup>, are read as zero, so that a squared gradient is at least {@link #NEGLIGIBLE} too. With every operand
 * that large no product in a step (by a decay factor, by the step size down to 2<sup>-26</sup>) and no difference (a
 * multiple of 2<sup>-126</sup> or more) can be subnormal. What is dropped moves a weight by less than
 * {@code lr·2⁻⁵⁰/√ε}, far below a float32 weight's rounding. Float64 state does the same with
 * {@link #NEGLIGIBLE_F64} and {@link #NEGLIGIBLE_GRADIENT_F64}.
 *
 * <p>With the Vector API ({@link MatMul#vectorApi()}) the float32 updates run as vector loops that drop small values
 * with integer operations on the exponent ({@link VectorSteps}); without it, as plain loops whose comparisons C2 leaves
 * scalar (three to four times slower). Both make the same bits.
 */
abstract class SlotOptimizer implements Optimizer {
  /**
   * Weights below which a step is not cut between threads: updating this many takes a few microseconds, about what
   * waking another thread costs. A large model's step runs in one part per thread, each weight's update in one of
   * them, so the result is the same for any thread count.
   */
  static final int PART_MIN_WEIGHTS = 16_384;

  /** Whether the float32 updates run on the Vector API ({@link VectorSteps}) rather than as plain loops. */
  static final boolean VECTOR = MatMul.vectorApi();

  /**
   * Ranges shorter than this run as plain loops even with the Vector API: they take a microsecond or two either way,
   * and until C2 has compiled a Vector API loop (seconds on a loaded machine) each of its vectors is a heap object, so a
   * small model's steps would allocate.
   */
  static final int VECTOR_MIN = 4096;

  /** Float32 state values below this, 2<sup>-100</sup> (about 7.9e-31), are stored as zero (see above). */
  static final float NEGLIGIBLE = 0x1p-100f;

  /** Float32 gradients below this, 2<sup>-50</sup> (about 8.9e-16), are read as zero: their squares are negligible. */
  static final float NEGLIGIBLE_GRADIENT = 0x1p-50f;

  /** The float64 bound, 2<sup>-990</sup>: 2<sup>32</sup> times {@link Double#MIN_NORMAL}. */
  static final double NEGLIGIBLE_F64 = 0x1p-990;

  /** Float64 gradients below this, 2<sup>-495</sup>, are read as zero. */
  static final double NEGLIGIBLE_GRADIENT_F64 = 0x1p-495;

  private final OptimizerConfig config;
  private final String[] slotNames;
  private final double slotInitialValue;

  private List<Parameter> boundList;
  private Parameter[] bound;
  /** {@code positions[p]}: where trainable parameter {@code p} is in the bound list (which holds frozen ones too). */
  private int[] positions;
  private int[] sizes;
  /** {@code floatSlots[p][s]}: slot {@code s} of trainable parameter {@code p} when it is float32, else null. */
  private float[][][] floatSlots;

  private double[][][] doubleSlots;
  /** Trainable weights in all: a step runs in parts of at least {@link #PART_MIN_WEIGHTS} of them. */
  private long totalSize;
  private long iterations;
  /** The arrays of the step in progress, for {@link #updatePart}. */
  private float[][] previousF32;
  private double[][] previousF64;
  private final Parallel.Job updateJob = this::updatePart;

  SlotOptimizer(OptimizerConfig config, double slotInitialValue, String... slotNames) {
    this.config = config;
    this.slotNames = slotNames.clone();
    this.slotInitialValue = cut(slotInitialValue);
  }

  @Override
  public final OptimizerConfig config() {
    return config;
  }

  @Override
  public final long iterations() {
    return iterations;
  }

  @Override
  public final void step(List<Parameter> params) {
    step(params, null, null);
  }

  /** Both {@code step}s: with null arrays (from {@link #step(List)}) no old values are kept. */
  @Override
  public final void step(List<Parameter> params, float[][] previousF32, double[][] previousF64) {
    bind(params);
    long t = iterations + 1;
    beginStep(t);
    this.previousF32 = previousF32;
    this.previousF64 = previousF64;
    Parallel team = MatMul.team();
    team.run(updateJob, team.parts((int) Math.min(Integer.MAX_VALUE, totalSize / PART_MIN_WEIGHTS)));
    this.previousF32 = null;
    this.previousF64 = null;
    iterations = t;
  }

  /**
   * One part of a step: the same share of every parameter's weights, so that each weight's update is one thread's,
   * the same whatever the part count. Called by the team with the arrays {@code step} set.
   */
  private void updatePart(int part, int parts) {
    boolean keep = previousF32 != null;
    for (int i = 0; i < bound.length; i++) {
      Parameter p = bound[i];
      int from = Parts.first(sizes[i], part, parts);
      int to = Parts.first(sizes[i], part + 1, parts);
      if (p instanceof Parameter.F32 f) {
        if (keep) {
          update(f.value().data, f.grad().data, from, to, floatSlots[i], previousF32[positions[i]]);
        } else {
          update(f.value().data, f.grad().data, from, to, floatSlots[i]);
        }
      } else {
        Parameter.F64 d = (Parameter.F64) p;
        if (keep) {
          update(d.value().data, d.grad().data, from, to, doubleSlots[i], previousF64[positions[i]]);
        } else {
          update(d.value().data, d.grad().data, from, to, doubleSlots[i]);
        }
      }
    }
  }

  /** Whether {@code [from, to)} runs on the Vector API. */
  static boolean vector(int from, int to) {
    return VECTOR && to - from >= VECTOR_MIN;
  }

  /** A state value to store: {@code x}, or zero when {@code |x|} is below {@link #NEGLIGIBLE}. */
  static float cut(float x) {
    return Math.abs(x) < NEGLIGIBLE ? 0f : x;
  }

  /** A gradient as the update reads it: {@code g}, or zero when {@code |g|} is below {@link #NEGLIGIBLE_GRADIENT}. */
  static float gradient(float g) {
    return Math.abs(g) < NEGLIGIBLE_GRADIENT ? 0f : g;
  }

  /** The float64 twin of {@link #cut(float)}. */
  static double cut(double x) {
    return Math.abs(x) < NEGLIGIBLE_F64 ? 0.0 : x;
  }

  /** The float64 twin of {@link #gradient(float)}. */
  static double gradient(double g) {
    return Math.abs(g) < NEGLIGIBLE_GRADIENT_F64 ? 0.0 : g;
  }

  /** Computes the scalars that step {@code t} (1-based) uses for every parameter. */
  abstract void beginStep(long t);

  /**
   * Updates values {@code from} to {@code to - 1} of {@code w} from {@code g}; {@code slots} are this parameter's
   * slots. Each value's update depends on that value alone, so ranges may run on different threads.
   */
  abstract void update(float[] w, float[] g, int from, int to, float[][] slots);

  /** The float64 twin of {@link #update(float[], float[], int, int, float[][])}. */
  abstract void update(double[] w, double[] g, int from, int to, double[][] slots);

  /**
   * {@link #update(float[], float[], int, int, float[][])}, first leaving the old {@code w[from..to)} in {@code previous}. This
   * copies before updating; an optimizer whose step dominates a training step's time stores the old value inside its
   * own loop instead (see {@link Adam}).
   */
  void update(float[] w, float[] g, int from, int to, float[][] slots, float[] previous) {
    System.arraycopy(w, from, previous, from, to - from);
    update(w, g, from, to, slots);
  }

  /** The float64 twin of {@link #update(float[], float[], int, int, float[][], float[])}. */
  void update(double[] w, double[] g, int from, int to, double[][] slots, double[] previous) {
    System.arraycopy(w, from, previous, from, to - from);
    update(w, g, from, to, slots);
  }

  @Override
  public final OptimizerState exportState() {
    Map<String, float[]> floats = new HashMap<>();
    Map<String, double[]> doubles = new HashMap<>();
    if (bound != null) {
      for (int i = 0; i < bound.length; i++) {
        for (int s = 0; s < slotNames.length; s++) {
          String key = bound[i].name() + "/" + slotNames[s];
          if (floatSlots[i] != null) {
            floats.put(key, floatSlots[i][s].clone());
          } else {
            doubles.put(key, doubleSlots[i][s].clone());
          }
        }
      }
    }
    return new OptimizerState(config.kind(), iterations, floats, doubles);
  }

  @Override
  public final void restoreState(OptimizerState state, List<Parameter> params) {
    if (state.kind() != config.kind()) {
      throw new IllegalArgumentException(
          "the saved optimizer state is for " + state.kind().keyword() + ", not " + config.kind().keyword());
    }
    if (state.step() < 0) {
      throw new IllegalArgumentException("the saved optimizer step count is negative: " + state.step());
    }
    bind(params);
    int expected = state.step() == 0 && state.floats().isEmpty() && state.doubles().isEmpty()
        ? 0
        : bound.length * slotNames.length;
    int given = state.floats().size() + state.doubles().size();
    if (given != expected) {
      throw new IllegalArgumentException(
          "the saved optimizer state has " + given + " slot arrays, expected " + expected + " (" + bound.length
              + " trainable parameters × " + slotNames.length + " slots)");
    }
    // Validate everything before changing anything, so a bad state leaves the optimizer as it was.
    for (int i = 0; i < bound.length && expected > 0; i++) {
      for (String slot : slotNames) {
        String key = bound[i].name() + "/" + slot;
        Object saved = floatSlots[i] != null ? state.floats().get(key) : state.doubles().get(key);
        if (saved == null) {
          throw new IllegalArgumentException(
              "the saved optimizer state has no " + (floatSlots[i] != null ? "float32" : "float64")
                  + " slot " + key);
        }
        int length = saved instanceof float[] a ? a.length : ((double[]) saved).length;
        if (length != bound[i].size()) {
          throw new IllegalArgumentException(
              "the saved optimizer slot " + key + " has " + length + " values, the parameter has "
                  + bound[i].size());
        }
      }
    }
    for (int i = 0; i < bound.length; i++) {
      for (int s = 0; s < slotNames.length; s++) {
        String key = bound[i].name() + "/" + slotNames[s];
        if (floatSlots[i] != null) {
          float[] src = expected == 0 ? null : state.floats().get(key);
          if (src == null) {
            Arrays.fill(floatSlots[i][s], (float) slotInitialValue);
          } else {
            float[] slot = floatSlots[i][s];
            for (int k = 0; k < src.length; k++) {
              slot[k] = cut(src[k]); // a state saved by an older version may hold subnormals
            }
          }
        } else {
          double[] src = expected == 0 ? null : state.doubles().get(key);
          if (src == null) {
            Arrays.fill(doubleSlots[i][s], slotInitialValue);
          } else {
            double[] slot = doubleSlots[i][s];
            for (int k = 0; k < src.length; k++) {
              slot[k] = cut(src[k]);
            }
          }
        }
      }
    }
    iterations = state.step();
  }

  /**
   * Allocates the slots on first use. Later calls with the same list return at once (no iterator, no allocation);
   * a different list must hold the same trainable parameters.
   */
  private void bind(List<Parameter> params) {
    if (params == boundList) {
      return;
    }
    List<Parameter> trainable = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).trainable()) {
        trainable.add(params.get(i));
        at.add(i);
      }
    }
    if (bound != null) {
      boolean same = trainable.size() == bound.length;
      for (int i = 0; same && i < bound.length; i++) {
        same = trainable.get(i) == bound[i];
      }
      if (!same) {
        throw new IllegalStateException("this optimizer is already bound to another network's parameters");
      }
    } else {
      allocate(trainable);
    }
    positions = at.stream().mapToInt(Integer::intValue).toArray();
    boundList = params;
  }

  /** Binds to the trainable parameters and allocates their slots, filled with the slots' initial value. */
  private void allocate(List<Parameter> trainable) {
    bound = trainable.toArray(new Parameter[0]);
    sizes = new int[bound.length];
    floatSlots = new float[bound.length][][];
    doubleSlots = new double[bound.length][][];
    for (int i = 0; i < bound.length; i++) {
      int n = bound[i].size();
      sizes[i] = n;
      totalSize += n;
      if (bound[i] instanceof Parameter.F32) {
        floatSlots[i] = new float[slotNames.length][n];
        for (float[] slot : floatSlots[i]) {
          Arrays.fill(slot, (float) slotInitialValue);
        }
      } else {
        doubleSlots[i] = new double[slotNames.length][n];
        for (double[] slot : doubleSlots[i]) {
          Arrays.fill(slot, slotInitialValue);
        }
      }
    }
  }
}
