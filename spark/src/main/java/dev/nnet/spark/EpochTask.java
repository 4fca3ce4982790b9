package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingDivergedException;
import dev.nnet.runtime.train.TrainingInterruptedException;
import dev.nnet.runtime.train.TrainingListener;
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
 * epoch's checkpoint (or initializes it from the seed), trains one epoch with the runtime's {@link Trainer} on a
 * {@link SynchronousNetwork}, and returns the run's checkpoint (task 0 only; every task holds the same one).
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
   * @param checkpoint the run after the epoch, weights and training state (from task 0; empty from the others)
   * @param finished whether the run is over (its last epoch, or early stopping)
   * @param failure why training stopped (a divergence), or null
   */
  record Result(byte[] checkpoint, boolean finished, String failure) implements Serializable {}

  private final ModelClass model;
  private final TrainingSetup setup;
  private final Broadcast<Samples> train;
  private final Broadcast<Samples> validation;
  private final Broadcast<byte[]> previous;
  private final Transport transport;

  /** How the tasks exchange gradients every step. */
  enum Transport {
    /** Spark's {@code BarrierTaskContext.allGather}: at least a second a call (it polls once a second). */
    BARRIER,
    /** TCP between the tasks ({@link SocketExchange}), found through one barrier allGather per epoch. */
    SOCKETS
  }

  EpochTask(ModelClass model, TrainingSetup setup, Broadcast<Samples> train, Broadcast<Samples> validation,
      Broadcast<byte[]> previous, Transport transport) {
    this.transport = transport;
    this.model = model;
    this.setup = setup;
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
    Network local = model.instantiate(setup.training().batchSize());
    Trainer trainer = new Trainer(new SynchronousNetwork(local, exchange), setup.optimizer().create(), setup.task(),
        setup.metricKeys(), setup.training());
    byte[] before = previous.value();
    if (before.length == 0) {
      local.initialize(setup.training().seed());
    } else {
      Checkpoint c = Checkpoints.fromBytes(before, "the previous epoch's checkpoint");
      Checkpoints.restore(c, local, "the previous epoch's checkpoint");
      trainer.restore(c.trainingState().orElseThrow());
    }
    boolean finished;
    try {
      Dataset data = train.value().dataset();
      Optional<Dataset> val = validation == null ? Optional.empty() : Optional.of(validation.value().dataset());
      trainer.fit(data, val, new StopAfterEpoch(trainer));
      finished = true;
    } catch (TrainingInterruptedException e) {
      finished = false;
    } catch (TrainingDivergedException e) {
      return single(new Result(new byte[0], true, e.getMessage()));
    }
    byte[] after = new byte[0];
    if (exchange.rank() == 0) {
      after = Checkpoints.toBytes(Checkpoints.capture(local, Map.of(), List.of(), Map.of(),
          Optional.of(trainer.state())));
    }
    return single(new Result(after, finished, null));
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
