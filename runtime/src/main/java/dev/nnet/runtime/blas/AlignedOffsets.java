package dev.nnet.runtime.blas;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;

/**
 * One thread's record of the aligned offsets ({@link FloatRowKernels#alignedOffset}) of the last few large matrices
 * it multiplied by a row. An offset is found once per matrix and forgotten after a garbage collection, which may have
 * moved the array. Until one is found the product runs from offset 0: the same result, at the speed of whatever
 * alignment the array has. A probe that finds no offset (code not yet compiled, a busy machine, a processor on which
 * alignment does not show) is tried again after twice as many calls as the time before, so few probes are paid for
 * where none can succeed. Uses the Vector API: load only when it is present.
 */
final class AlignedOffsets {
  /** Matrices remembered: more than the large layers of any one model. */
  private static final int ENTRIES = 8;
  /** Calls before the first retry of a failed probe; the interval doubles up to {@link #MAX_RETRY}. */
  private static final int FIRST_RETRY = 64;
  private static final int MAX_RETRY = 1 << 20;
  /** Calls between looks at the collectors' counts (a look costs about as much as a product's 1/100). */
  private static final int GC_CHECK_INTERVAL = 64;

  private static final GarbageCollectorMXBean[] COLLECTORS =
      ManagementFactory.getGarbageCollectorMXBeans().toArray(new GarbageCollectorMXBean[0]);

  @SuppressWarnings("unchecked")
  private final WeakReference<float[]>[] matrices = new WeakReference[ENTRIES];
  /** The aligned offset of each matrix, or -1 while unknown. */
  private final int[] offsets = new int[ENTRIES];
  private final int[] callsUntilProbe = new int[ENTRIES];
  private final int[] retryInterval = new int[ENTRIES];
  private final int[] probeRows = new int[FloatRowKernels.PROBE_ROWS];
  private final float[] probeOnes = new float[FloatRowKernels.PROBE_ROWS];
  private final float[] probeOut = new float[FloatRowKernels.BLOCK + FloatRowKernels.lanes()];
  private final long[] probeTimes = new long[FloatRowKernels.lanes()];
  private int nextEntry;
  private long collections = -1;
  private int callsUntilGcCheck;

  /** The offset from which to load {@code b}'s vectors: the aligned one if known, else 0. */
  int offset(float[] b) {
    if (--callsUntilGcCheck < 0) {
      callsUntilGcCheck = GC_CHECK_INTERVAL;
      long now = collections();
      if (now != collections) {
        collections = now;
        for (int e = 0; e < ENTRIES; e++) {
          forget(e);
        }
      }
    }
    int e = find(b);
    if (e < 0) {
      e = nextEntry;
      nextEntry = (nextEntry + 1) % ENTRIES;
      matrices[e] = new WeakReference<>(b);
      forget(e);
      callsUntilProbe[e] = FIRST_RETRY; // a new matrix: its product's code is likely not compiled yet
    }
    if (offsets[e] < 0 && --callsUntilProbe[e] < 0) {
      offsets[e] = FloatRowKernels.alignedOffset(b, probeRows, probeOnes, probeOut, probeTimes);
      callsUntilProbe[e] = retryInterval[e];
      retryInterval[e] = Math.min(2 * retryInterval[e], MAX_RETRY);
    }
    return Math.max(offsets[e], 0);
  }

  private int find(float[] b) {
    for (int e = 0; e < ENTRIES; e++) {
      if (matrices[e] != null && matrices[e].get() == b) {
        return e;
      }
    }
    return -1;
  }

  private void forget(int e) {
    offsets[e] = -1;
    callsUntilProbe[e] = 0;
    retryInterval[e] = FIRST_RETRY;
  }

  private static long collections() {
    long sum = 0;
    for (GarbageCollectorMXBean c : COLLECTORS) {
      sum += Math.max(0, c.getCollectionCount());
    }
    return sum;
  }
}
