package dev.nnet.runtime.blas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one {@link Job} split into parts: the caller runs part 0, each worker one
 * other part, and {@link #run} returns when all parts are done. Built for the matrix products of a training step:
 * nothing is allocated per run (jobs are reusable objects whose fields the caller sets before {@code run}), and
 * workers spin briefly before parking because products come back to back, a few microseconds apart.
 *
 * <p>Runs are serialized: two threads calling {@code run} at once take turns.
 */
final class Parallel {
  /** A piece of work that can be cut into {@code parts} independent parts. */
  interface Job {
    void run(int part, int parts);
  }

  /** One team per thread count, shared by every backend that asks: re-selecting a backend starts no new threads. */
  private static final Map<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

  /** How long an idle worker spins before parking: about the gap between two products of a training step. */
  private static final long SPIN_NANOS = 50_000;

  private final int threads;
  private final Thread[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Job job;
  private volatile long generation;
  private volatile Thread caller;
  private volatile Throwable failure;

  /** Starts {@code threads - 1} daemon workers; with one thread, every run happens in the caller. */
  private Parallel(int threads) {
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      int part = w + 1;
      Thread t = new Thread(() -> work(part), "nnet-matmul-" + part);
      t.setDaemon(true);
      workers[w] = t;
      t.start();
    }
  }

  /** The team of {@code threads} threads, started on first use. */
  static Parallel shared(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    return SHARED.computeIfAbsent(threads, Parallel::new);
  }

  int threads() {
    return threads;
  }

  /** Runs {@code job} in {@code threads()} parts and waits for all of them; exceptions of part 0 propagate. */
  synchronized void run(Job job) {
    if (threads == 1) {
      job.run(0, 1);
      return;
    }
    caller = Thread.currentThread();
    this.job = job;
    pending.set(workers.length);
    generation++; // publishes job and pending to the workers (volatile write)
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
    try {
      job.run(0, threads);
    } finally {
      long start = System.nanoTime();
      while (pending.get() > 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 100_000);
        }
      }
      this.job = null;
    }
    Throwable f = failure;
    if (f != null) {
      failure = null;
      throw new IllegalStateException("a matrix-multiply worker failed", f);
    }
  }

  private void work(int part) {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      while (generation == seen) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = generation;
      try {
        job.run(part, threads);
      } catch (RuntimeException | Error e) {
        // Hand the failure to the caller, which rethrows it; a worker must never die and leave it waiting.
        failure = e;
      } finally {
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
