package dev.nnet.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or a polite stop (SIGTERM: {@code kill}, {@code docker stop}, a CI timeout) while training: the first
 * one asks the trainer to stop after its current step (so the run can be saved and resumed), a second one ends the
 * process at once, as users expect of a second Ctrl-C. The exit code says which signal stopped the run: 130 for
 * SIGINT, 143 for SIGTERM (128 + the signal's number, as shells report them).
 *
 * <p>The handler is installed through {@code sun.misc.Signal}, looked up reflectively so that nnet neither compiles
 * against an internal API nor fails where it is missing. Without it (another JVM, or {@code -Xrs}) a shutdown hook
 * stands in: the JVM is already exiting when it runs, so it asks for the stop and holds the exit until
 * {@link #close()} says the run was saved, for at most {@link #FALLBACK_WAIT_SECONDS}.
 */
final class Interrupts implements AutoCloseable {
  /** The exit code after an interrupt: 128 + SIGINT's number, as shells report a process ended by Ctrl-C. */
  static final int EXIT_INTERRUPTED = 130;

  /** The exit code after SIGTERM: 128 + 15. */
  static final int EXIT_TERMINATED = 143;

  static final long FALLBACK_WAIT_SECONDS = 30;

  private final Runnable restore;
  /** The exit code of the first signal received, 0 before any. */
  private final AtomicInteger exitCode;

  private Interrupts(Runnable restore, AtomicInteger exitCode) {
    this.restore = restore;
    this.exitCode = exitCode;
  }

  /** The exit code the first signal asks for: {@link #EXIT_INTERRUPTED} or {@link #EXIT_TERMINATED}. */
  int exitCode() {
    int code = exitCode.get();
    return code == 0 ? EXIT_INTERRUPTED : code;
  }

  /**
   * Installs the handler until {@link #close()}.
   *
   * @param stop run (on the signal's thread) at the first Ctrl-C; must return at once
   * @param err where to say what is happening
   */
  static Interrupts install(Runnable stop, PrintWriter err) {
    AtomicInteger count = new AtomicInteger();
    AtomicInteger exitCode = new AtomicInteger();
    try {
      Runnable restoreInt = viaSignal("INT", onSignal(stop, err, count, exitCode, EXIT_INTERRUPTED, "interrupted",
          "Ctrl-C again"));
      Runnable restoreTerm;
      try {
        restoreTerm = viaSignal("TERM", onSignal(stop, err, count, exitCode, EXIT_TERMINATED, "terminated (SIGTERM)",
            "a second signal"));
      } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException | SecurityException e) {
        restoreTerm = () -> {}; // the JVM keeps TERM for itself: it ends the process as before
      }
      Runnable term = restoreTerm;
      return new Interrupts(() -> {
        restoreInt.run();
        term.run();
      }, exitCode);
    } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException | SecurityException e) {
      return new Interrupts(viaShutdownHook(stop), exitCode);
    }
  }

  private static Runnable onSignal(
      Runnable stop, PrintWriter err, AtomicInteger count, AtomicInteger exitCode, int code, String what,
      String again) {
    return () -> {
      if (count.incrementAndGet() == 1) {
        exitCode.set(code);
        err.println();
        err.println("nnet: " + what + "; finishing the current step and saving the run (" + again + " to quit"
            + " without saving)");
        err.flush();
        stop.run();
      } else {
        err.println("nnet: " + what + " again; quitting without saving");
        err.flush();
        Runtime.getRuntime().halt(code);
      }
    };
  }

  /** Restores the previous handler; in the fallback, lets a waiting shutdown hook end the process. */
  @Override
  public void close() {
    restore.run();
  }

  private static Runnable viaSignal(String name, Runnable onSignal) throws ReflectiveOperationException {
    Class<?> signalClass = Class.forName("sun.misc.Signal");
    Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
    Object signal = signalClass.getConstructor(String.class).newInstance(name);
    InvocationHandler calls =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "handle" -> {
                onSignal.run();
                yield null;
              }
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "nnet SIG" + name + " handler";
            };
    Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, calls);
    Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
    Object previous;
    try {
      previous = handle.invoke(null, signal, handler);
    } catch (InvocationTargetException e) {
      // The JVM refuses the signal (it is reserved, e.g. under -Xrs): use the fallback.
      throw new IllegalArgumentException(e.getCause());
    }
    return () -> {
      try {
        handle.invoke(null, signal, previous);
      } catch (ReflectiveOperationException e) {
        // Restoring the handler that was accepted a moment ago does not fail; if it did, a later Ctrl-C would only
        // reach a trainer that no longer runs, which is harmless.
      }
    };
  }

  private static Runnable viaShutdownHook(Runnable stop) {
    CountDownLatch saved = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.run();
              try {
                saved.await(FALLBACK_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "nnet-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      saved.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running, and the count-down above releases it.
      }
    };
  }
}
