package dev.nnet.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine for tests: a master and workers, each in its own JVM started from the
 * Spark jars Maven resolved ({@code nnet.spark.home}/jars), bound to 127.0.0.1 with their web UIs on loopback.
 * {@link #close()} stops them and the executors they started; a JVM shutdown hook does it too if the test JVM
 * ends first, so no Spark process outlives the test run.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home = Path.of(System.getProperty("nnet.spark.home", "target/spark-home")).toAbsolutePath();
  private final Path logs;
  private final List<Process> processes = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "stop-spark-cluster");
  private final String masterUrl;

  /** Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} (such as "2g") each. */
  StandaloneCluster(Path logs, int workers, int cores, String memory) {
    this.logs = logs;
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Files.createDirectories(logs);
      int port = freePort();
      masterUrl = "spark://127.0.0.1:" + port;
      startDaemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--webui-port", Integer.toString(freePort()));
      awaitLog("master", "I have been elected leader", 1);
      for (int w = 1; w <= workers; w++) {
        Path dir = Files.createDirectories(logs.resolve("worker-" + w));
        startDaemon("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
            Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()), "--work-dir",
            dir.toString(), masterUrl);
      }
      awaitLog("master", "Registering worker", workers);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The jars a Spark JVM runs on: what {@code spark-class} puts on the class path. */
  String sparkClassPath() {
    return home.resolve("jars") + File.separator + "*";
  }

  /** A java command for a Spark JVM: the module options spark-submit adds on Java 17, then {@code rest}. */
  List<String> java(String heap, String classPath, String... rest) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(Arrays.asList(System.getProperty("nnet.spark.jvmOptions", "").trim().split("\\s+")));
    command.add("-cp");
    command.add(classPath);
    command.addAll(Arrays.asList(rest));
    return command;
  }

  /** A process builder with the environment every process of this cluster gets (loopback only). */
  ProcessBuilder builder(List<String> command, Path output) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    return pb;
  }

  /** Runs {@code command} to its end (killed after {@code timeout}); returns its exit code, its output in a file. */
  int run(List<String> command, Path output, Duration timeout) throws IOException, InterruptedException {
    Process p = start(command, output);
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      stop(p);
      throw new AssertionError(command.get(command.size() - 1) + " did not finish in " + timeout + "; see " + output);
    }
    return p.exitValue();
  }

  /** Starts {@code command} (stopped with the cluster); its output goes to {@code output}. */
  Process start(List<String> command, Path output) throws IOException {
    Process p = builder(command, output).start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  /** The executor processes the workers started (the children of the worker JVMs). */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    synchronized (processes) {
      for (Process p : processes) {
        p.children().forEach(executors::add);
      }
    }
    return executors;
  }

  private void startDaemon(String name, String mainClass, String... args) throws IOException {
    // The master's REST submission server would take a fixed port (6066): off, as nothing here uses it.
    List<String> command = java("512m", sparkClassPath(), "-Dspark.master.rest.enabled=false", mainClass);
    command.addAll(Arrays.asList(args));
    start(command, logs.resolve(name + ".log"));
  }

  private void awaitLog(String name, String line, int times) throws IOException {
    Path log = logs.resolve(name + ".log");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains(line)).count() >= times) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while the cluster started", e);
      }
    }
    throw new AssertionError("the Spark " + name + " did not log '" + line + "' " + times + " time(s) in "
        + START_TIMEOUT + "; see " + log);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }

  private void stopAll() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    // Workers first (last started), then the master; each with the executors it started.
    for (int i = all.size() - 1; i >= 0; i--) {
      stop(all.get(i));
    }
  }

  private static void stop(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
