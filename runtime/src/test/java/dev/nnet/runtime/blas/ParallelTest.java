package dev.nnet.runtime.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team runs every part of every run exactly once, whoever takes it, and returns only when all are done; a
 * failure in any part reaches the caller; a run from inside a part runs inline.
 */
class ParallelTest {
  /** A team of its own size, so no other test's runs share it. */
  private static final Parallel TEAM = Parallel.shared(3);

  /** Counts, per run and part, how often the part ran; flags a part index outside the run's part count. */
  private static final class Counting implements Parallel.Job {
    final AtomicIntegerArray counts;
    final int[] partsOf;
    volatile int run;
    volatile boolean outOfRange;

    Counting(int runs) {
      counts = new AtomicIntegerArray(runs * 3);
      partsOf = new int[runs];
    }

    @Override
    public void run(int part, int parts) {
      if (part < 0 || part >= parts || parts != partsOf[run]) {
        outOfRange = true;
        return;
      }
      counts.incrementAndGet(run * 3 + part);
    }
  }

  @Test
  void everyPartOfEveryRunRunsOnceAndIsDoneWhenRunReturns() {
    int runs = 20_000;
    Counting job = new Counting(runs);
    for (int r = 0; r < runs; r++) {
      // Part counts change from run to run: a worker still finishing one run must not take a part of the next.
      int parts = 2 + r % 2;
      job.partsOf[r] = parts;
      job.run = r;
      TEAM.run(job, parts);
      for (int p = 0; p < parts; p++) {
        assertThat(job.counts.get(r * 3 + p)).as("run %d part %d", r, p).isEqualTo(1);
      }
    }
    assertThat(job.outOfRange).isFalse();
  }

  @Test
  void partZeroIsAlwaysTheCallers() {
    // What keeps a job's part 0 on the same core as the last job's part 0: the caller never leaves it to a worker,
    // however eagerly the workers spin.
    Thread caller = Thread.currentThread();
    for (int r = 0; r < 2_000; r++) {
      Thread[] ranPartZero = new Thread[1];
      TEAM.run((part, parts) -> {
        if (part == 0) {
          ranPartZero[0] = Thread.currentThread();
        }
      }, 3);
      assertThat(ranPartZero[0]).as("run %d", r).isSameAs(caller);
    }
  }

  @Test
  // With parts assigned to threads, the caller would wait for the missing workers forever; the run takes
  // microseconds, and a minute leaves room for any load.
  @Timeout(60)
  void theCallerRunsThePartsOfWorkersThatDoNotCome() {
    // Workers never started stand for workers parked, or descheduled on a busy machine: the run must not wait.
    Parallel idle = new Parallel(3, false);
    AtomicIntegerArray byCaller = new AtomicIntegerArray(3);
    Thread caller = Thread.currentThread();
    idle.run((part, parts) -> {
      if (Thread.currentThread() == caller) {
        byCaller.incrementAndGet(part);
      }
    }, 3);
    for (int p = 0; p < 3; p++) {
      assertThat(byCaller.get(p)).isEqualTo(1);
    }
  }

  @Test
  void aFailureInAnyPartIsThrownByRunAndTheTeamGoesOn() {
    for (int failing = 0; failing < 3; failing++) {
      int f = failing;
      assertThatThrownBy(() -> TEAM.run((part, parts) -> {
        if (part == f) {
          throw new IllegalStateException("part " + part);
        }
      }, 3)).isInstanceOf(IllegalStateException.class).hasMessage("part " + f);
    }
    Counting job = new Counting(1);
    job.partsOf[0] = 3;
    TEAM.run(job, 3);
    assertThat(job.counts.get(0) + job.counts.get(1) + job.counts.get(2)).isEqualTo(3);
  }

  @Test
  void aRunFromInsideAPartRunsItsPartsInTheCallingThread() {
    AtomicIntegerArray sameThread = new AtomicIntegerArray(3);
    TEAM.run((part, parts) -> {
      Thread outer = Thread.currentThread();
      TEAM.run((inner, innerParts) -> {
        if (Thread.currentThread() == outer) {
          sameThread.incrementAndGet(part);
        }
      }, 3);
    }, 3);
    for (int p = 0; p < 3; p++) {
      assertThat(sameThread.get(p)).isEqualTo(3);
    }
  }

  @Test
  void runsFromSeveralThreadsTakeTurns() throws InterruptedException {
    int runs = 5_000;
    Thread[] callers = new Thread[2];
    Counting[] jobs = new Counting[callers.length];
    for (int c = 0; c < callers.length; c++) {
      Counting job = new Counting(runs);
      jobs[c] = job;
      callers[c] = new Thread(() -> {
        for (int r = 0; r < runs; r++) {
          job.partsOf[r] = 3;
          job.run = r;
          TEAM.run(job, 3);
        }
      });
      callers[c].start();
    }
    for (Thread t : callers) {
      t.join();
    }
    for (Counting job : jobs) {
      assertThat(job.outOfRange).isFalse();
      for (int i = 0; i < runs * 3; i++) {
        assertThat(job.counts.get(i)).isEqualTo(1);
      }
    }
  }
}
