package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One task's view of a network trained in synchronous data parallelism: to the runtime's trainer it looks like the
 * whole network running the whole global batch, so the trainer (shuffling, epochs, metrics, validation, early
 * stopping, divergence, its state) is used unchanged in every task.
 *
 * <p>A training forward pass runs this task's share of the batch, rows {@code [n·rank/P, n·(rank+1)/P)}, forward and
 * backward on its own copy of the model, then exchanges with every other task: the share's row count, loss,
 * outputs and gradients. Every task then combines the same messages in the same order (task 0 first):
 *
 * <pre>
 *   g = Σ_k (m_k / n) · g_k        loss = Σ_k (m_k / n) · loss_k
 * </pre>
 *
 * where {@code g_k} is the gradient of share k's mean loss (plus the L2 penalty) and {@code m_k} its row count. That
 * is the gradient of the batch's mean loss plus the penalty, the one a single machine computes, so the trainer's
 * optimizer step that follows is the same in every task and the same as one machine's up to float rounding.
 * Non-trainable parameters (batch normalization's moving statistics, updated by each share's forward pass) are
 * averaged the same way, so the copies never drift apart. {@link #backward()} does nothing: the gradients are
 * already in place. Outputs of the whole batch are gathered so the trainer's metrics see every row.
 *
 * <p>Not the same as one machine: batch normalization's batch statistics are per share (not synchronized), and
 * dropout draws its masks per share.
 *
 * <p>Evaluation ({@code forward(false)}) runs the whole batch locally, with no exchange: every task computes the
 * same validation metrics.
 */
final class SynchronousNetwork implements Network {
  private final Network local;
  private final Exchange exchange;
  private final List<Parameter> params;
  private Dataset data;
  private int[] order;
  private int from;
  private int n;
  private double[] outputs;
  private boolean gathered;

  SynchronousNetwork(Network local, Exchange exchange) {
    this.local = local;
    this.exchange = exchange;
    this.params = local.parameters();
  }

  @Override
  public void loadBatch(Dataset data, int[] order, int from, int n) {
    // Which rows this task loads depends on the pass: a share for training, all of them for evaluation.
    this.data = data;
    this.order = order;
    this.from = from;
    this.n = n;
  }

  @Override
  public double forward(boolean training) {
    if (!training) {
      gathered = false;
      local.loadBatch(data, order, from, n);
      return local.forward(false);
    }
    int rank = exchange.rank();
    int tasks = exchange.tasks();
    int lo = share(n, rank, tasks);
    int m = share(n, rank + 1, tasks) - lo;
    double loss = 0;
    if (m > 0) {
      local.loadBatch(data, order, from + lo, m);
      loss = local.forward(true);
      local.backward();
    }
    byte[][] all = exchange.allGather(message(m, loss));
    return combine(all);
  }

  /** The first row of task {@code rank}'s share of {@code n} rows split among {@code tasks}. */
  static int share(int n, int rank, int tasks) {
    return (int) ((long) n * rank / tasks);
  }

  private byte[] message(int m, double loss) {
    int outputsSize = local.outputSize();
    long bytes = 4 + 8 + 8L * m * outputsSize;
    if (m > 0) {
      for (Parameter p : params) {
        bytes += (long) p.size() * (p instanceof Parameter.F64 ? 8 : 4);
      }
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes));
    b.putInt(m);
    b.putDouble(loss);
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < outputsSize; j++) {
        b.putDouble(local.output(r, j));
      }
    }
    if (m > 0) {
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

  private double combine(byte[][] all) {
    int outputsSize = local.outputSize();
    if (outputs == null || outputs.length < n * outputsSize) {
      outputs = new double[local.batchCapacity() * outputsSize];
    }
    for (Parameter p : params) {
      zero(p);
    }
    double loss = 0;
    int row = 0;
    for (byte[] message : all) {
      ByteBuffer b = ByteBuffer.wrap(message);
      int m = b.getInt();
      double weight = (double) m / n;
      loss += weight * b.getDouble();
      for (int i = 0; i < m * outputsSize; i++) {
        outputs[row * outputsSize + i] = b.getDouble();
      }
      row += m;
      if (m == 0) {
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
    gathered = true;
    return loss;
  }

  private static void zero(Parameter p) {
    if (p instanceof Parameter.F64 d) {
      java.util.Arrays.fill(p.trainable() ? d.grad().data : d.value().data, 0, p.size(), 0.0);
    } else {
      Parameter.F32 f = (Parameter.F32) p;
      java.util.Arrays.fill(p.trainable() ? f.grad().data : f.value().data, 0, p.size(), 0f);
    }
  }

  @Override
  public void backward() {
    // The gradients of the whole batch were combined by the forward pass.
  }

  @Override
  public double output(int row, int j) {
    return gathered ? outputs[row * local.outputSize() + j] : local.output(row, j);
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

  @Override
  public int inputSize() {
    return local.inputSize();
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
