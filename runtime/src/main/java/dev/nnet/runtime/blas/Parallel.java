package dev.nnet.runtime.blas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one {@link Job} split into parts, and returns when all parts are done. Built for
 * the work of a training step (the chunks of a convolution, the rows of a pooling, the pieces of a matrix product)
 * and for batch-1 inference: nothing is allocated per run (jobs are reusable objects, typically a generated
 * network's method references held in fields), and workers spin briefly before parking because parts come back to
 * back, a few microseconds apart.
 *
 * <p>Part 0 is always the caller's. The others are taken, not assigned: after its own, the caller and the woken
 * workers each take the next part not yet taken until none is left, so a run never waits for a worker that is slow
 * to wake (parked, or descheduled on a busy machine): the caller takes its parts instead, and a run costs at most
 * about what it costs on one thread. With two threads the worker, when awake, runs part 1 of every job, so jobs
 * that cut the same arrays the same way (a product's partial sums, the optimizer's ranges) find them in the cache
 * of the core that wrote them.
 *
 * <p>A job's parts must be independent, and each part always the same work for the same part count, whichever
 * thread runs it: then results depend on the part count only, never on timing. A run started from inside a part (a
 * product inside a convolution's chunk) runs all its parts in the calling thread, one after the other: the team is
 * busy, and the result is the same. Runs from different threads are serialized.
 */
public final class Parallel {
  /** A piece of work that can be cut into {@code parts} independent parts. */
  public interface Job {
    void run(int part, int parts);
  }

  /** One team per thread count, shared by everything that asks: re-selecting a backend starts no new threads. */
  private static final Map<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

  /**
   * Multiply-adds a part of a product should have at the least: waking a worker costs a few microseconds, about what
   * 2^18 multiply-adds take on one core. Both product backends cut by it.
   */
  static final long MIN_PART_MACS = 1L << 18;

  /**
   * How long an idle worker spins before parking: longer than the serial stretches between two parallel parts of a
   * training step (loading a shuffled batch of 128 Fashion-MNIST rows takes about 115 µs, the layers between two
   * products 50 to 70), so that a worker is still spinning when the next part comes. A parked worker has to be woken
   * and scheduled again, which on a virtual machine, and on any busy one, takes as long as a part: with 50 µs the
   * worker parked twice a step and two threads were slower than one (benchmarks/RESULTS.md). OpenMP runtimes
   * keep their threads spinning longer still (Intel's block time is 200 ms by default).
   */
  private static final long SPIN_NANOS = 250_000;

  /** {@link #ticket}'s layout: the run's number, its part count, its next part to take (16 bits each). */
  private static final int RUN_SHIFT = 32;

  private static final int PARTS_SHIFT = 16;

  private static final long PART_MASK = 0xffff;

  /** The team's workers; a run from one of them (of any team) runs inline. */
  private static final class Worker extends Thread {
    Worker(Runnable body, String name) {
      super(body, name);
      setDaemon(true);
    }
  }

  private final int threads;
  private final Worker[] workers;
  /**
   * The run in progress, its part count and its next part to take: {@code run << 32 | parts << 16 | next}. Taking a
   * part is one compare-and-set of all three, so a worker that wakes late can neither take a part of a later run nor
   * misjudge what is left of its own.
   */
  private final AtomicLong ticket = new AtomicLong();
  /** Parts of the run in progress that have finished. */
  private final AtomicInteger finished = new AtomicInteger();
  private volatile Job job;
  /** The thread inside {@link #run} while its parts run, else null. */
  private volatile Thread caller;
  private volatile Throwable failure;

  /** Starts {@code threads - 1} daemon workers; with one thread, every run happens in the caller. */
  private Parallel(int threads) {
    this(threads, true);
  }

  /** With {@code start} false the workers never run (a test's stand-in for workers that are slow to wake). */
  Parallel(int threads, boolean start) {
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(this::work, "nnet-worker-" + (w + 1));
      if (start) {
        workers[w].start();
      }
    }
  }

  /** The team of {@code threads} threads, started on first use. */
  public static Parallel shared(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    return SHARED.computeIfAbsent(threads, Parallel::new);
  }

  /** The threads of the team, the caller's included. */
  public int threads() {
    return threads;
  }

  /**
   * The parts to cut {@code items} independent pieces of work into: one per thread, but never more parts than
   * items, nor more than one part from a thread that is already running a part.
   */
  public int parts(int items) {
    return insidePart() ? 1 : Math.max(1, Math.min(threads, items));
  }

  /** Runs {@code job} in {@code threads()} parts and waits for all of them. */
  public void run(Job job) {
    run(job, threads);
  }

  /**
   * Runs {@code job} in {@code parts} parts (1 to {@code threads()}) and waits for all of them; the caller runs
   * at least one, and any a worker has not taken by the time it is free; an exception of any part is thrown here.
   * From inside a part the parts run one after the other in the calling thread.
   */
  public void run(Job job, int parts) {
    if (parts < 1 || parts > threads) {
      throw new IllegalArgumentException("parts must be 1 to " + threads + ", got " + parts);
    }
    if (parts == 1) {
      job.run(0, 1);
      return;
    }
    if (insidePart()) {
      for (int part = 0; part < parts; part++) {
        job.run(part, parts);
      }
      return;
    }
    runOnTeam(job, parts);
  }

  private synchronized void runOnTeam(Job job, int parts) {
    caller = Thread.currentThread();
    this.job = job;
    finished.set(0);
    long run = (ticket.get() >>> RUN_SHIFT) + 1; // a run's number changes only here, under this lock
    // Part 0 is the caller's, taken before the run is published: with two threads the caller always runs part 0
    // and the worker part 1, so the data a part writes (a range of weights, of a gradient) is in the same core's
    // cache when a later job's part with the same number reads it.
    ticket.set(run << RUN_SHIFT | (long) parts << PARTS_SHIFT | 1); // publishes job and finished (volatile write)
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
    try {
      runPart(0, parts);
      runParts(run);
    } finally {
      long start = System.nanoTime();
      while (finished.get() < parts) { // parts a worker took and is still running
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 100_000);
        }
      }
      this.job = null;
      caller = null;
    }
    Throwable f = failure;
    if (f != null) {
      failure = null;
      if (f instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) f;
    }
  }

  /** Takes and runs parts of run number {@code run} until none is left. */
  private void runParts(long run) {
    while (true) {
      long t = ticket.get();
      int part = (int) (t & PART_MASK);
      int parts = (int) (t >>> PARTS_SHIFT & PART_MASK);
      if (t >>> RUN_SHIFT != run || part >= parts) {
        return;
      }
      if (ticket.compareAndSet(t, t + 1)) {
        runPart(part, parts);
      }
    }
  }

  /** Runs one part of the run in progress and counts it finished, whatever happens. */
  private void runPart(int part, int parts) {
    try {
      job.run(part, parts);
    } catch (RuntimeException | Error e) {
      // Hand the failure to the caller, which rethrows it; a worker must never die and leave it waiting.
      failure = e;
    } finally {
      if (finished.incrementAndGet() == parts) {
        LockSupport.unpark(caller);
      }
    }
  }

  /**
   * Whether the current thread is running a part: it is a worker (of any team), or the caller inside this team's
   * run. A run from there must not wait for this team's workers.
   */
  boolean insidePart() {
    Thread t = Thread.currentThread();
    return t instanceof Worker || caller == t;
  }

  private void work() {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      long run;
      while ((run = ticket.get() >>> RUN_SHIFT) == seen) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = run;
      runParts(run);
    }
  }
}
