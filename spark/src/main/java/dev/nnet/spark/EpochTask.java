package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.Splits;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingDivergedException;
import dev.nnet.runtime.train.TrainingInterruptedException;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingListener;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of a training run's barrier stage, on its {@link Shard} of the data: builds the model from its shipped
 * class, restores the run from the previous epoch's checkpoint (or initializes it from the seed), and either trains
 * one epoch with the runtime's {@link Trainer} and returns the run's checkpoint, or (the run's last stage) evaluates
 * the test part. Synchronous mode trains a {@link SynchronousNetwork} on stand-ins of the training and validation
 * parts (every task holds the same run; task 0 returns it); periodic averaging trains the task's own training rows
 * with an {@link AveragingOptimizer} (every task returns its own run state: its shard's order and shuffle) and
 * evaluates the whole validation part, which every averaging task holds.
 *
 * <p>The stage lasts one epoch, so a failed task or a lost executor costs at most that epoch: the driver runs the
 * stage again from the same broadcast checkpoint. A divergence ends every task of the stage with the same report
 * ({@link AbortableExchange}), which ends the run.
 */
final class EpochTask extends AbstractFunction1<Iterator<Shard>, Iterator<EpochTask.Result>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * What a task sends back.
   *
   * @param checkpoint the run after the epoch, weights and training state (in synchronous mode from task 0 only;
   *     empty after an evaluation)
   * @param finished whether the run is over (its last epoch, or early stopping)
   * @param failure why training stopped (a divergence), or null
   * @param test the test loss and metrics, after an evaluation (task 0), or null
   */
  record Result(byte[] checkpoint, boolean finished, String failure, LinkedHashMap<String, Double> test)
      implements Serializable {}

  private final ModelClass model;
  private final PlanOverrides overrides;
  private final Broadcast<byte[][]> previous;
  private final Transport transport;
  private final int averageEvery;
  private final int[] rows;
  private final ArrayList<String> classes;
  private final boolean evaluate;

  /** How the tasks exchange gradients every step. */
  enum Transport {
    /** Spark's {@code BarrierTaskContext.allGather}: up to a second a call (a waiting task sleeps in whole seconds). */
    BARRIER,
    /** TCP between the tasks ({@link SocketExchange}), found through one barrier allGather per epoch. */
    SOCKETS
  }

  /**
   * @param data the run's data: its parts' sizes and classes (the rows are in the shards the stage runs on)
   * @param evaluate evaluate the test part with the weights of {@code previous} instead of training an epoch
   */
  EpochTask(ModelClass model, PlanOverrides overrides, DistributedData data, Broadcast<byte[][]> previous,
      Transport transport, int averageEvery, boolean evaluate) {
    this.model = model;
    this.overrides = overrides;
    this.previous = previous;
    this.transport = transport;
    this.averageEvery = averageEvery;
    this.rows = new int[Shard.Kind.values().length];
    for (Shard.Kind kind : Shard.Kind.values()) {
      rows[kind.ordinal()] = data.rows(kind);
    }
    this.classes = new ArrayList<>(data.classes());
    this.evaluate = evaluate;
  }

  @Override
  public Iterator<Result> apply(Iterator<Shard> shards) {
    Shard shard = shards.next();
    BarrierTaskContext context = BarrierTaskContext.get();
    BarrierExchange barrier = new BarrierExchange(context);
    if (transport == Transport.BARRIER) {
      return single(run(new AbortableExchange(barrier), shard));
    }
    // Task 0 listens where Spark placed its executor (the address is a host, or host:port).
    String address = context.getTaskInfos()[0].address();
    String host = address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':')
        ? address.substring(0, address.indexOf(':')) : address;
    try (SocketExchange sockets = new SocketExchange(barrier, host)) {
      return single(run(new AbortableExchange(sockets), shard));
    }
  }

  private Result run(AbortableExchange exchange, Shard shard) {
    return evaluate ? test(exchange, shard) : train(exchange, shard);
  }

  private Result train(AbortableExchange exchange, Shard shard) {
    int rank = exchange.rank();
    TrainingPlan plan = overrides.applyTo(model.plan());
    TrainConfig config = plan.train();
    Dataset data;
    Optional<Dataset> validation;
    Network local;
    Trainer trainer;
    if (averageEvery == 0) {
      local = model.instantiate(config.batchSize());
      SynchronousNetwork net = new SynchronousNetwork(local, exchange, classes);
      trainer = Training.of(net, plan).trainer();
      data = net.standIn(shard.train(), rows[Shard.Kind.TRAIN.ordinal()]);
      validation = rows[Shard.Kind.VALIDATION.ordinal()] == 0 ? Optional.empty()
          : Optional.of(net.standIn(shard.validation(), rows[Shard.Kind.VALIDATION.ordinal()]));
    } else {
      // Periodic averaging: rows rank, rank + P, ... of the training part (the shard's, as many in every task), a
      // share of the global batch, its own shuffle; the whole validation part.
      data = shard.train().dataset(classes);
      int shardRows = rows[Shard.Kind.TRAIN.ordinal()] / exchange.tasks();
      if (data.rows() > shardRows) {
        data = Splits.slice(data, 0, shardRows);
      }
      validation = shard.validation().rows() == 0 ? Optional.empty()
          : Optional.of(shard.validation().dataset(classes));
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
    boolean finished;
    try {
      trainer.fit(data, validation, new StopAfterEpoch(trainer));
      finished = true;
    } catch (TrainingInterruptedException e) {
      finished = false;
    } catch (TrainingDivergedException e) {
      // Synchronous tasks diverge together (one loss, one model); an averaging task alone, at its own step.
      String report = averageEvery == 0 ? e.getMessage() : "task " + rank + " of " + exchange.tasks() + ": "
          + e.getMessage();
      exchange.abort(report);
      return new Result(new byte[0], true, report, null);
    } catch (AbortableExchange.Aborted e) {
      return new Result(new byte[0], true, e.report(), null);
    }
    byte[] after = new byte[0];
    if (rank == 0 || averageEvery > 0) {
      after = Checkpoints.toBytes(Checkpoints.capture(local, Map.of(), List.of(), Map.of(),
          Optional.of(trainer.state())));
    }
    return new Result(after, finished, null, null);
  }

  /** The test part's loss and metrics with the run's last weights, every task evaluating its share. */
  private Result test(AbortableExchange exchange, Shard shard) {
    TrainingPlan plan = overrides.applyTo(model.plan());
    Network local = model.instantiate(plan.train().batchSize());
    // Averaging tasks end every epoch averaged: any task's weights are the run's.
    Checkpoint c = Checkpoints.fromBytes(previous.value()[0], "the last epoch's checkpoint");
    Checkpoints.restore(c, local, "the last epoch's checkpoint");
    SynchronousNetwork net = new SynchronousNetwork(local, exchange, classes);
    Evaluation e = Training.of(net, plan).evaluator()
        .evaluate(net.standIn(shard.test(), rows[Shard.Kind.TEST.ordinal()]));
    LinkedHashMap<String, Double> values = new LinkedHashMap<>();
    values.put("loss", e.loss());
    values.putAll(e.metrics());
    return new Result(new byte[0], true, null, exchange.rank() == 0 ? values : null);
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
