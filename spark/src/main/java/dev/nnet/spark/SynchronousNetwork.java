package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's view of a network trained in synchronous data parallelism: to the runtime's trainer it looks like the
 * whole network running the whole global batch, so the trainer (shuffling, epochs, metrics, validation, early
 * stopping, divergence, its state) is used unchanged in every task.
 *
 * <p>The rows stay where they are: each task holds a {@link Shard} of the data, and the trainer is given
 * {@linkplain #standIn stand-ins} for the training and validation parts, datasets of targets only (no features:
 * hence {@link #inputSize()} 0) as long as the whole part. A pass over a batch, rows {@code order[from]} to
 * {@code order[from + n − 1]} of a part, runs the rows of the batch this task holds (its share, {@code m_k} rows,
 * which may be none) forward, and backward when training, on its own copy of the model; then every task sends the
 * others its share's row count, loss, each row's place in the batch, outputs and targets, and when training its
 * gradients. Every task combines the same messages in the same order (task 0 first):
 *
 * <pre>
 *   g = Σ_k (m_k / n) · g_k        loss = Σ_k (m_k / n) · loss_k
 * </pre>
 *
 * where {@code g_k} is the gradient of share k's mean loss (plus the L2 penalty). That is the gradient of the batch's
 * mean loss plus the penalty, the one a single machine computes over the same rows, so the trainer's optimizer step
 * that follows is the same in every task and the same as one machine's up to float rounding (the sum is grouped by
 * task). Non-trainable parameters (batch normalization's moving statistics, updated by each share's forward pass)
 * are averaged the same way, so the copies never drift apart. {@link #backward()} does nothing: the gradients are
 * already in place. The outputs and targets of the whole batch are gathered (the targets into the stand-in) so the
 * trainer's metrics see every row; an evaluation ({@code forward(false)}) is shared out the same way, without
 * gradients, so every task computes the same validation and test values.
 *
 * <p>Which rows a task holds is fixed for the run ({@link DistributedData}: position modulo the tasks); the epoch's
 * shuffled order decides which batch each falls in, so a share is about n / P rows, not exactly. Not the same as one
 * machine: batch normalization's batch statistics are per share (not synchronized), and dropout draws its masks per
 * share.
 */
final class SynchronousNetwork implements Network {
  private final Network local;
  private final Exchange exchange;
  private final List<Parameter> params;
  private final List<String> classes;
  private final Map<Dataset, Shard.Part> standIns = new IdentityHashMap<>();
  private Dataset data;
  private int[] order;
  private int from;
  private int n;
  private double[] outputs;

  /** The pass's part, and this task's rows of it in the order the pass takes them: see {@link #schedule}. */
  private Shard.Part scheduled;
  private int[] scheduledOrder;
  private Dataset rows;
  private int[] slots = new int[0];
  private int[] localRows = new int[0];
  private int[] inverse = new int[0];

  SynchronousNetwork(Network local, Exchange exchange, List<String> classes) {
    this.local = local;
    this.exchange = exchange;
    this.params = local.parameters();
    this.classes = List.copyOf(classes);
  }

  /**
   * A dataset for the trainer standing for a whole part of {@code rows} rows of which this task holds {@code part}:
   * targets only, filled in as batches pass (a row's target is there once a pass has run it).
   */
  Dataset standIn(Shard.Part part, int rows) {
    Dataset d = new Dataset(new float[0], 0, new float[Math.multiplyExact(rows, part.targetSize())],
        part.targetSize(), rows, classes);
    standIns.put(d, part);
    return d;
  }

  @Override
  public void loadBatch(Dataset data, int[] order, int from, int n) {
    this.data = data;
    this.order = order;
    this.from = from;
    this.n = n;
  }

  @Override
  public double forward(boolean training) {
    Shard.Part part = standIns.get(data);
    if (part == null) {
      throw new IllegalArgumentException("a synchronous network runs the stand-ins of its shard, not other data");
    }
    // A new pass (an epoch's first batch, an evaluation) or another order: place this task's rows again.
    if (from == 0 || part != scheduled || order != scheduledOrder) {
      schedule(part);
    }
    int lo = firstSlot(from);
    int m = firstSlot(from + n) - lo;
    double loss = 0;
    if (m > 0) {
      local.loadBatch(rows, localRows, lo, m);
      loss = local.forward(training);
      if (training) {
        local.backward();
      }
    }
    byte[][] all = exchange.allGather(message(training, m, loss, lo));
    return combine(training, all);
  }

  /**
   * Where this task's rows of {@code part} fall in the pass's order: {@code slots} (ascending) holds each one's place
   * in {@code order}, {@code localRows} its row in the shard, in the same order.
   */
  private void schedule(Shard.Part part) {
    int total = data.rows();
    if (inverse.length < total) {
      inverse = new int[total];
    }
    for (int q = 0; q < total; q++) {
      inverse[order[q]] = q;
    }
    int[] positions = part.positions();
    long[] keyed = new long[positions.length];
    for (int r = 0; r < keyed.length; r++) {
      keyed[r] = (long) inverse[positions[r]] << 32 | r;
    }
    Arrays.sort(keyed);
    slots = new int[keyed.length];
    localRows = new int[keyed.length];
    for (int r = 0; r < keyed.length; r++) {
      slots[r] = (int) (keyed[r] >>> 32);
      localRows[r] = (int) keyed[r];
    }
    rows = part.dataset(classes);
    scheduled = part;
    scheduledOrder = order;
  }

  /** The index of the first of this task's rows at or after place {@code q} of the pass. */
  private int firstSlot(int q) {
    int i = Arrays.binarySearch(slots, q);
    return i >= 0 ? i : -i - 1;
  }

  private byte[] message(boolean training, int m, double loss, int lo) {
    int outputsSize = local.outputSize();
    int targetSize = data.targetSize();
    long bytes = 4 + 8 + (long) m * (4 + 8L * outputsSize + 4L * targetSize);
    boolean gradients = training && m > 0;
    if (gradients) {
      for (Parameter p : params) {
        bytes += (long) p.size() * (p instanceof Parameter.F64 ? 8 : 4);
      }
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes));
    b.putInt(m);
    b.putDouble(loss);
    float[] targets = rows.targets();
    for (int r = 0; r < m; r++) {
      b.putInt(slots[lo + r] - from);
      for (int j = 0; j < outputsSize; j++) {
        b.putDouble(local.output(r, j));
      }
      for (int j = 0; j < targetSize; j++) {
        b.putFloat(targets[localRows[lo + r] * targetSize + j]);
      }
    }
    if (gradients) {
      // Trainable parameters send their gradient, the others their values (to be averaged).
      for (Parameter p : params) {
        if (p instanceof Parameter.F64 d) {
          b.asDoubleBuffer().put(p.trainable() ? d.grad().data : d.value().data, 0, p.size());
          b.position(b.position() + 8 * p.size());
        } else {
          Parameter.F32 f = (Parameter.F32) p;
          b.asFloatBuffer().put(p.trainable() ? f.grad().data : f.value().data, 0, p.size());
          b.position(b.position() + 4 * p.size());
        }
      }
    }
    return b.array();
  }

  private double combine(boolean training, byte[][] all) {
    int outputsSize = local.outputSize();
    int targetSize = data.targetSize();
    if (outputs == null || outputs.length < n * outputsSize) {
      outputs = new double[Math.max(n, local.batchCapacity()) * outputsSize];
    }
    if (training) {
      for (Parameter p : params) {
        zero(p);
      }
    }
    float[] targets = data.targets();
    double loss = 0;
    for (byte[] message : all) {
      ByteBuffer b = ByteBuffer.wrap(message);
      int m = b.getInt();
      double weight = (double) m / n;
      loss += weight * b.getDouble();
      for (int r = 0; r < m; r++) {
        int row = b.getInt();
        for (int j = 0; j < outputsSize; j++) {
          outputs[row * outputsSize + j] = b.getDouble();
        }
        int target = order[from + row] * targetSize;
        for (int j = 0; j < targetSize; j++) {
          targets[target + j] = b.getFloat();
        }
      }
      if (!training || m == 0) {
        continue;
      }
      for (Parameter p : params) {
        if (p instanceof Parameter.F64 d) {
          double[] target = p.trainable() ? d.grad().data : d.value().data;
          for (int i = 0; i < p.size(); i++) {
            target[i] += weight * b.getDouble();
          }
        } else {
          Parameter.F32 f = (Parameter.F32) p;
          float[] target = p.trainable() ? f.grad().data : f.value().data;
          for (int i = 0; i < p.size(); i++) {
            target[i] += (float) (weight * b.getFloat());
          }
        }
      }
    }
    return loss;
  }

  private static void zero(Parameter p) {
    if (p instanceof Parameter.F64 d) {
      Arrays.fill(p.trainable() ? d.grad().data : d.value().data, 0, p.size(), 0.0);
    } else {
      Parameter.F32 f = (Parameter.F32) p;
      Arrays.fill(p.trainable() ? f.grad().data : f.value().data, 0, p.size(), 0f);
    }
  }

  @Override
  public void backward() {
    // The gradients of the whole batch were combined by the forward pass.
  }

  @Override
  public double output(int row, int j) {
    return outputs[row * local.outputSize() + j];
  }

  @Override
  public String name() {
    return local.name();
  }

  @Override
  public String fingerprint() {
    return local.fingerprint();
  }

  @Override
  public int[] inputShape() {
    return local.inputShape();
  }

  /** 0: the trainer's datasets are {@linkplain #standIn stand-ins} without features (the shard holds them). */
  @Override
  public int inputSize() {
    return 0;
  }

  @Override
  public int outputSize() {
    return local.outputSize();
  }

  @Override
  public boolean isDouble() {
    return local.isDouble();
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  @Override
  public void initialize(long seed) {
    local.initialize(seed);
  }

  @Override
  public Rng random() {
    return local.random();
  }

  @Override
  public int batchCapacity() {
    return local.batchCapacity();
  }
}
