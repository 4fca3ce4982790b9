package dev.nnet.runtime.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts the bytes a piece of code allocates, in a JVM of its own whose compiler is fixed, so that the count cannot
 * depend on when the JIT finishes.
 *
 * <p>Measured in the test's own JVM after a warm-up, a count depends on whether C2 has compiled the code yet: C2's
 * escape analysis removes allocations the interpreter and C1 make, and under load C2 had not finished (an optimizer
 * test and a training-step test each failed at random on a busy 2-core machine). A child JVM started with one of
 * the {@link Jit} settings below gives the same count on a quiet machine and a loaded one:
 *
 * <ul>
 *   <li>{@link Jit#C1}: compiled code allocates exactly what its bytecode allocates, interpreted or compiled, early
 *       or late. The strongest statement, for nnet's own loops.
 *   <li>{@link Jit#C2_WAITING}: the JVM's usual tiers up to C2, with the thread waiting for each compilation
 *       ({@code -Xbatch}), so what is compiled when depends on counts, not on the clock. For code that is
 *       allocation-free only once C2 has compiled it: the Vector API (each vector is an object until C2 keeps it in
 *       a register) and commons-numbers' {@code Erfc} (double-double temporaries that escape analysis removes).
 *       Tiered, as in production: C2 alone, without C1's profiles, left the Vector API path allocating 768 bytes a
 *       call.
 * </ul>
 *
 * <p>The child builds a {@link Workload} from its class name, runs its step {@code warmUp} times (class loading and
 * call-site linking allocate, and with C2 the warm-up is what gets compiled), then counts the bytes of {@code steps}
 * more with {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}. The property is a count,
 * which is zero or not.
 */
public final class Allocations {
  private Allocations() {}

  /** Which compiler the child JVM runs; see the class comment. */
  public enum Jit {
    C1("-XX:TieredStopAtLevel=1"),
    C2_WAITING("-Xbatch");

    private final List<String> options;

    Jit(String... options) {
      this.options = List.of(options);
    }
  }

  /** The code to measure, built in the child JVM: a class with a no-argument constructor, which it loads by name. */
  public interface Workload {
    /** Builds what the step needs (allocating freely) from the test's {@code argument}, and returns the step. */
    Runnable prepare(String argument) throws Exception;
  }

  /**
   * The bytes {@code steps} runs of {@code workload}'s step allocate in a child JVM set up as {@code jit} says, after
   * {@code warmUp} runs. {@code jvmOptions} go to the child before its class name (the Vector API module, say).
   */
  public static long allocated(Class<? extends Workload> workload, String argument, Jit jit, int warmUp, int steps,
      String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jit.options);
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(Allocations.class.getName());
    command.addAll(List.of(workload.getName(), argument, Integer.toString(warmUp), Integer.toString(steps)));
    Path log = Files.createTempFile("allocations", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // Only against a hung child: a count takes seconds, tens under load; ten minutes is no deadline for work.
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("the child JVM did not end in 10 minutes:\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      if (p.exitValue() != 0) {
        throw new AssertionError("the child JVM exited with " + p.exitValue() + ":\n" + output);
      }
      String last = output.strip().lines().reduce((a, b) -> b).orElse("");
      if (!last.startsWith("allocated ")) {
        throw new AssertionError("the child JVM printed no count:\n" + output);
      }
      return Long.parseLong(last.substring("allocated ".length()));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** In the child JVM: {@code workload-class argument warm-up steps}; prints {@code allocated <bytes>}. */
  public static void main(String[] args) throws Exception {
    var constructor = Class.forName(args[0]).getDeclaredConstructor();
    constructor.setAccessible(true); // test classes are package-private
    Workload workload = (Workload) constructor.newInstance();
    Runnable step = workload.prepare(args[1]);
    int warmUp = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    run(step, warmUp);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(step, steps);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.println("allocated " + allocated);
  }

  /** One loop for the warm-up and the count: C2 compiles it (and inlines the step) during the warm-up. */
  private static void run(Runnable step, int times) {
    for (int i = 0; i < times; i++) {
      step.run();
    }
  }
}
