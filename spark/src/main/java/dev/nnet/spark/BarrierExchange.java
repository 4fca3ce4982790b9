package dev.nnet.spark;

import java.util.Base64;
import org.apache.spark.BarrierTaskContext;

/**
 * The exchange of a Spark barrier stage: {@link BarrierTaskContext#allGather} sends each task's message to the
 * driver's barrier coordinator, which returns all of them to every task once all have arrived. Messages are
 * strings, so bytes travel in Base64 (4/3 of their size).
 */
final class BarrierExchange implements Exchange {
  private final BarrierTaskContext context;
  private final int rank;
  private final int tasks;

  BarrierExchange(BarrierTaskContext context) {
    this.context = context;
    this.rank = context.partitionId();
    this.tasks = context.getTaskInfos().length;
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int tasks() {
    return tasks;
  }

  @Override
  public byte[][] allGather(byte[] mine) {
    String[] all = context.allGather(Base64.getEncoder().encodeToString(mine));
    byte[][] bytes = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      bytes[i] = Base64.getDecoder().decode(all[i]);
    }
    return bytes;
  }
}
