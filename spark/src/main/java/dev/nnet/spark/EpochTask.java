package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.Splits;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingDivergedException;
import dev.nnet.runtime.train.TrainingInterruptedException;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingListener;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of an epoch's barrier stage: builds the model from its shipped class, restores the run from the previous
 * epoch's checkpoint (or initializes it from the seed), trains one epoch with the runtime's {@link Trainer}, and
 * returns the run's checkpoint. Synchronous mode trains a {@link SynchronousNetwork} on the whole training set (every
 * task holds the same run; task 0 returns it); periodic averaging trains the task's own shard with an
 * {@link AveragingOptimizer} (every task returns its own run state: its shard's order and shuffle).
 *
 * <p>The stage lasts one epoch, so a failed task or a lost executor costs at most that epoch: Spark reruns the
 * whole barrier stage, which starts again from the same broadcast checkpoint.
 */
final class EpochTask extends AbstractFunction1<Iterator<Integer>, Iterator<EpochTask.Result>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * What a task sends back.
   *
   * @param checkpoint the run after the epoch, weights and training state (in synchronous mode from task 0 only)
   * @param finished whether the run is over (its last epoch, or early stopping)
   * @param failure why training stopped (a divergence), or null
   */
  record Result(byte[] checkpoint, boolean finished, String failure) implements Serializable {}

  private final ModelClass model;
  private final PlanOverrides overrides;
  private final Broadcast<Samples> train;
  private final Broadcast<Samples> validation;
  private final Broadcast<byte[][]> previous;
  private final Transport transport;
  private final int averageEvery;

  /** How the tasks exchange gradients every step. */
  enum Transport {
    /** Spark's {@code BarrierTaskContext.allGather}: up to a second a call (a waiting task sleeps in whole seconds). */
    BARRIER,
    /** TCP between the tasks ({@link SocketExchange}), found through one barrier allGather per epoch. */
    SOCKETS
  }

  EpochTask(ModelClass model, PlanOverrides overrides, Broadcast<Samples> train, Broadcast<Samples> validation,
      Broadcast<byte[][]> previous, Transport transport, int averageEvery) {
    this.transport = transport;
    this.averageEvery = averageEvery;
    this.model = model;
    this.overrides = overrides;
    this.train = train;
    this.validation = validation;
    this.previous = previous;
  }

  @Override
  public Iterator<Result> apply(Iterator<Integer> ranks) {
    BarrierTaskContext context = BarrierTaskContext.get();
    BarrierExchange barrier = new BarrierExchange(context);
    if (transport == Transport.BARRIER) {
      return train(barrier);
    }
    // Task 0 listens where Spark placed its executor (the address is a host, or host:port).
    String address = context.getTaskInfos()[0].address();
    String host = address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':')
        ? address.substring(0, address.indexOf(':')) : address;
    try (SocketExchange sockets = new SocketExchange(barrier, host)) {
      return train(sockets);
    }
  }

  private Iterator<Result> train(Exchange exchange) {
    int rank = exchange.rank();
    TrainingPlan plan = overrides.applyTo(model.plan());
    TrainConfig config = plan.train();
    Dataset data = train.value().dataset();
    Network local;
    Trainer trainer;
    if (averageEvery == 0) {
      local = model.instantiate(config.batchSize());
      trainer = Training.of(new SynchronousNetwork(local, exchange), plan).trainer();
    } else {
      // Periodic averaging: each task its own shard and a share of the global batch, its own shuffle.
      data = shard(data, rank, exchange.tasks());
      int batch = (config.batchSize() + exchange.tasks() - 1) / exchange.tasks();
      local = model.instantiate(batch);
      int steps = (data.rows() + batch - 1) / batch;
      trainer = new Trainer(local, new AveragingOptimizer(plan.optimizer().create(), exchange, averageEvery, steps),
          plan.task(), plan.metrics(),
          new TrainConfig(batch, config.epochs(), config.shuffle(), config.seed() + rank, config.earlyStopping()));
    }
    byte[][] before = previous.value();
    if (before.length == 0) {
      local.initialize(config.seed());
    } else {
      // Synchronous tasks share one run state; averaging tasks each have their own (their shard's order).
      Checkpoint c = Checkpoints.fromBytes(before[averageEvery == 0 ? 0 : rank], "the previous epoch's checkpoint");
      Checkpoints.restore(c, local, "the previous epoch's checkpoint");
      trainer.restore(c.trainingState().orElseThrow());
    }
    Optional<Dataset> val = validation == null ? Optional.empty() : Optional.of(validation.value().dataset());
    boolean finished;
    try {
      trainer.fit(data, val, new StopAfterEpoch(trainer));
      finished = true;
    } catch (TrainingInterruptedException e) {
      finished = false;
    } catch (TrainingDivergedException e) {
      return single(new Result(new byte[0], true, e.getMessage()));
    }
    byte[] after = new byte[0];
    if (rank == 0 || averageEvery > 0) {
      after = Checkpoints.toBytes(Checkpoints.capture(local, Map.of(), List.of(), Map.of(),
          Optional.of(trainer.state())));
    }
    return single(new Result(after, finished, null));
  }

  /** Rows rank, rank + P, rank + 2P, ... of {@code data}, as many in every task (up to P − 1 rows are left out). */
  static Dataset shard(Dataset data, int rank, int tasks) {
    int rows = data.rows() / tasks;
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = rank + i * tasks;
    }
    return Splits.select(data, order, 0, rows);
  }

  private static Iterator<Result> single(Result r) {
    return CollectionConverters.asScala(List.of(r).iterator());
  }

  /** Ends the trainer's fit at the end of the epoch it runs, as an interruption the run continues from. */
  private record StopAfterEpoch(Trainer trainer) implements TrainingListener {
    @Override
    public void onEpochEnd(EpochRecord record) {
      trainer.requestStop();
    }
  }
}
