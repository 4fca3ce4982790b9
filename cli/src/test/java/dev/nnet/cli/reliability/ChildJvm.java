package dev.nnet.cli.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code nnet} in a JVM of its own ({@code java -cp <the tests' class path> dev.nnet.cli.Main ...}), for tests that
 * send it signals. Its output goes to files, so that a test can wait for a line without a reader thread.
 */
final class ChildJvm {
  /**
   * How long a test waits for a child before calling it hung: ten minutes. Only a hang should reach it; on a loaded
   * 2-core machine a JVM start, a model compilation and an epoch each take many times their quiet-machine time, and
   * a test that waited 30 or 60 seconds failed for the load, not for nnet.
   */
  static final long PATIENCE_MILLIS = 600_000;

  private final Process process;
  private final Path out;
  private final Path err;

  private ChildJvm(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code nnet args} in {@code dir} (where its output files go, named after {@code name}), with the
   * same compiled-model cache as the in-process runs.
   */
  static ChildJvm start(Path dir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (sigintIgnored()) {
      // A process started in the background by a non-interactive shell ignores SIGINT, and so would its children
      // (an ignored signal stays ignored across exec): ask env to restore the default before starting java.
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("dev.nnet.cli.Main");
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new ChildJvm(pb.start(), out, err);
  }

  /** Whether this JVM ignores SIGINT (Linux: bit 2 of the SigIgn mask in /proc/self/status). */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  long pid() {
    return process.pid();
  }

  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Waits until standard output contains {@code text}; fails when the process ends first or time runs out. */
  void awaitOutput(String text, long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!out().contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError("nnet ended (exit " + process.exitValue() + ") before printing '" + text + "':\n"
            + out() + err());
      }
      if (System.currentTimeMillis() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("nnet did not print '" + text + "' within " + timeoutMillis + " ms:\n" + out() + err());
      }
      Thread.sleep(5);
    }
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  /** Sends SIGTERM, as {@code kill}, {@code docker stop} and CI timeouts do. */
  void terminate() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -TERM " + process.pid() + " failed");
    }
  }

  /** Sends SIGKILL, which the process cannot handle or delay, and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end and returns its exit code; kills it after {@code timeoutMillis}. */
  int waitFor(long timeoutMillis) throws InterruptedException, IOException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("nnet did not end within " + timeoutMillis + " ms:\n" + out() + err());
    }
    return process.exitValue();
  }
}
