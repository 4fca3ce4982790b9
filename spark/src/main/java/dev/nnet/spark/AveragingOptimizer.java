package dev.nnet.spark;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.optim.Optimizer;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerState;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Periodic averaging (Deeplearning4j's parameter averaging): each task steps its own copy of the model on its own
 * shard with this optimizer, which after every {@code every}-th step, and after the last step of every epoch, replaces
 * the weights, batch normalization's statistics and the optimizer's slots (Adam's moments, momentum) by their mean
 * over all tasks:
 *
 * <pre>
 *   w = (1/P) Σ_k w_k        slot = (1/P) Σ_k slot_k        (summed in task order, the same in every task)
 * </pre>
 *
 * With {@code every} = 1 and plain SGD this is synchronous training of a batch P times the local one; larger values
 * trade agreement between the copies for fewer exchanges. The epoch always ends averaged, so validation and the
 * checkpoint see one model.
 */
final class AveragingOptimizer implements Optimizer {
  private final Optimizer inner;
  private final Exchange exchange;
  private final int every;
  private final int stepsPerEpoch;

  AveragingOptimizer(Optimizer inner, Exchange exchange, int every, int stepsPerEpoch) {
    if (every < 1) {
      throw new IllegalArgumentException("average every K steps needs K >= 1, got " + every);
    }
    this.inner = inner;
    this.exchange = exchange;
    this.every = every;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  @Override
  public void step(List<Parameter> params) {
    inner.step(params);
    averageWhenDue(params);
  }

  @Override
  public void step(List<Parameter> params, float[][] previousF32, double[][] previousF64) {
    inner.step(params, previousF32, previousF64);
    averageWhenDue(params);
  }

  private void averageWhenDue(List<Parameter> params) {
    // The step count is the optimizer's own (restored from checkpoints), so every task averages at the same steps.
    long steps = inner.iterations();
    if (steps % every == 0 || steps % stepsPerEpoch == 0) {
      average(params);
    }
  }

  private void average(List<Parameter> params) {
    OptimizerState state = inner.exportState();
    long bytes = 0;
    for (Parameter p : params) {
      bytes += 8L * p.size();
    }
    for (float[] f : state.floats().values()) {
      bytes += 8L * f.length;
    }
    for (double[] d : state.doubles().values()) {
      bytes += 8L * d.length;
    }
    ByteBuffer mine = ByteBuffer.allocate(Math.toIntExact(bytes));
    for (Parameter p : params) {
      for (int i = 0; i < p.size(); i++) {
        mine.putDouble(p.get(i));
      }
    }
    state.floats().values().forEach(f -> {
      for (float v : f) {
        mine.putDouble(v);
      }
    });
    state.doubles().values().forEach(d -> {
      for (double v : d) {
        mine.putDouble(v);
      }
    });
    byte[][] all = exchange.allGather(mine.array());

    double[] mean = new double[Math.toIntExact(bytes / 8)];
    for (byte[] message : all) {
      ByteBuffer b = ByteBuffer.wrap(message);
      for (int i = 0; i < mean.length; i++) {
        mean[i] += b.getDouble();
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= all.length;
    }
    int at = 0;
    for (Parameter p : params) {
      for (int i = 0; i < p.size(); i++) {
        p.set(i, mean[at++]);
      }
    }
    Map<String, float[]> floats = new LinkedHashMap<>();
    for (var e : state.floats().entrySet()) {
      float[] f = new float[e.getValue().length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) mean[at++];
      }
      floats.put(e.getKey(), f);
    }
    Map<String, double[]> doubles = new LinkedHashMap<>();
    for (var e : state.doubles().entrySet()) {
      double[] d = new double[e.getValue().length];
      for (int i = 0; i < d.length; i++) {
        d[i] = mean[at++];
      }
      doubles.put(e.getKey(), d);
    }
    inner.restoreState(new OptimizerState(state.kind(), state.step(), floats, doubles), params);
  }

  @Override
  public OptimizerConfig config() {
    return inner.config();
  }

  @Override
  public long iterations() {
    return inner.iterations();
  }

  @Override
  public OptimizerState exportState() {
    return inner.exportState();
  }

  @Override
  public void restoreState(OptimizerState state, List<Parameter> params) {
    inner.restoreState(state, params);
  }
}
