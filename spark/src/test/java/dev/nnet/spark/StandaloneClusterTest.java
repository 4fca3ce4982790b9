package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Main;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.checkpoint.SavedParameter;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real executors: a standalone cluster of a master and two one-core workers, each in its own JVM, runs
 * {@code nnet-spark.jar} through SparkSubmit. Class files, data and gradients cross JVM boundaries here, which
 * {@code local[N]} (one JVM, one class loader) would hide. The weights load in {@code ./nnet evaluate}.
 */
@Tag("slow")
@Timeout(900)
class StandaloneClusterTest {
  private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
  private static final Path WORK = Path.of("target", "cluster-it").toAbsolutePath();
  private static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws IOException {
    // Nothing from an earlier run: a checkpoint folder left there would continue that run instead of training.
    if (Files.exists(WORK)) {
      try (var paths = Files.walk(WORK)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(WORK);
    cluster = new StandaloneCluster(WORK.resolve("logs"), 2, 1, "2g");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void irisFromACsvThatSparkReads() throws Exception {
    Path weights = WORK.resolve("iris.weights");
    String out = submit("iris", SAMPLES.resolve("iris/iris.nnet"), "--data", SAMPLES.resolve("iris/iris.csv")
        .toString(), "--label", "species", "--epochs", "20", "-o", weights.toString());
    assertThat(out).contains("epoch 20/20  loss ").contains("test: loss ").contains("saved " + weights);
    assertThat(testAccuracy(out)).isGreaterThan(0.8);
    assertThat(evaluate(SAMPLES.resolve("iris/iris.nnet"), weights)).contains("accuracy");
  }

  @Test
  void fashionMlpOneEpoch() throws Exception {
    Path weights = WORK.resolve("fashion_mlp.weights");
    String out = submit("fashion_mlp", SAMPLES.resolve("fashion_mlp/fashion_mlp.nnet"), "--epochs", "1",
        "--batch-size", "128", "-o", weights.toString());
    assertThat(out).contains("epoch 1/1  loss ").contains("saved " + weights);
    assertThat(testAccuracy(out)).isGreaterThan(0.75);
    assertThat(evaluate(SAMPLES.resolve("fashion_mlp/fashion_mlp.nnet"), weights)).contains("accuracy");
  }

  @Test
  void convnetRunsAnEpoch() throws Exception {
    Path weights = WORK.resolve("keras_mnist_convnet.weights");
    String out = submit("convnet", SAMPLES.resolve("keras_mnist_convnet/keras_mnist_convnet.nnet"), "--epochs", "1",
        "-o", weights.toString());
    assertThat(out).contains("epoch 1/1  loss ").contains("val_accuracy").contains("saved " + weights);
    assertThat(evaluate(SAMPLES.resolve("keras_mnist_convnet/keras_mnist_convnet.nnet"), weights))
        .contains("accuracy");
  }

  @Test
  void aLostExecutorCostsTheEpochNotTheRun() throws Exception {
    Path weights = WORK.resolve("killed.weights");
    Path log = WORK.resolve("killed.out");
    // Batches of 32 make an epoch several seconds long. Epoch 2's barrier stage starts as soon as epoch 1's line is
    // printed, and its tasks first meet (about a second); the kill comes a quarter of epoch 1's printed time after
    // that line (epoch 1 also loads the model on the executors, so it is the longest), a delay that stretches with
    // the machine's load as the epochs do, so it lands inside epoch 2's training.
    Process submit = cluster.start(command(SAMPLES.resolve("fashion_mlp/fashion_mlp.nnet"), "--epochs", "3",
        "--batch-size", "32", "--checkpoint-dir", WORK.resolve("killed-run").toString(), "-o", weights.toString()),
        log);
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    Pattern epochLine = Pattern.compile("epoch 1/3 .* ([0-9.]+)s\\R");
    Matcher first = epochLine.matcher(Files.readString(log));
    boolean found = first.find();
    while (!found && submit.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      first = epochLine.matcher(Files.readString(log));
      found = first.find();
    }
    assertThat(found).as("epoch 1 finished; see %s", log).isTrue();
    Thread.sleep(Math.max(1200, (long) (Double.parseDouble(first.group(1)) * 1000 / 4)));
    List<ProcessHandle> executors = cluster.executors();
    assertThat(executors).as("executors").isNotEmpty();
    executors.get(0).destroyForcibly();
    assertThat(submit.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)).as("finished; see %s", log).isTrue();
    String out = Files.readString(log);
    assertThat(submit.exitValue()).as("exit code; see %s", log).isZero();
    // The kill cost epoch 2 and nothing more: it ran again from the end of epoch 1, and the run went on to the end.
    assertThat(out).as("see %s", log).contains("epoch 2 failed").contains("running it again from the end of epoch 1");
    assertThat(out).contains("epoch 3/3  loss ").contains("saved " + weights);
    assertThat(Files.exists(WORK.resolve("killed-run").resolve("task-0.checkpoint"))).isTrue();

    // The epoch ran again from the end of epoch 1: the same weights as a run nobody disturbed.
    Path undisturbed = WORK.resolve("undisturbed.weights");
    submit("undisturbed", SAMPLES.resolve("fashion_mlp/fashion_mlp.nnet"), "--epochs", "3", "--batch-size", "32",
        "-o", undisturbed.toString());
    List<SavedParameter> a = Checkpoints.read(weights).parameters();
    List<SavedParameter> b = Checkpoints.read(undisturbed).parameters();
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int k = 0; k < a.get(i).values().length; k++) {
        max = Math.max(max, Math.abs(a.get(i).values()[k] - b.get(i).values()[k]));
      }
    }
    assertThat(max).as("largest weight difference to the undisturbed run").isLessThan(1e-6);
  }

  /** Runs nnet-spark.jar on the cluster (2 tasks, one per worker); returns its output after checking it exited 0. */
  private static String submit(String name, Path model, String... args) throws Exception {
    Path log = WORK.resolve(name + ".out");
    int code = cluster.run(command(model, args), log, Duration.ofMinutes(10));
    String out = Files.readString(log);
    assertThat(code).as("exit code of %s; output in %s", name, log).isZero();
    return out;
  }

  /** SparkSubmit of nnet-spark.jar with {@code model} and {@code args}, 2 tasks (one per one-core worker). */
  private static List<String> command(Path model, String... args) {
    String jar = Path.of(System.getProperty("nnet.spark.jar", "target/nnet-spark.jar")).toAbsolutePath().toString();
    List<String> command = cluster.java("2g", cluster.sparkClassPath() + File.pathSeparator + jar,
        "org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(), "--deploy-mode", "client",
        "--class", "dev.nnet.spark.SparkTrain", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1400m", "--conf", "spark.executor.cores=1",
        "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1", jar, model.toString(), "--tasks", "2");
    command.addAll(List.of(args));
    return command;
  }

  private static double testAccuracy(String out) {
    Matcher m = Pattern.compile("test: loss \\S+  accuracy (\\S+)").matcher(out);
    assertThat(m.find()).as("a test line in:%n%s", out).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String evaluate(Path model, Path weights) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("evaluate", model.toString(), "--weights", weights.toString()));
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as("nnet evaluate: %s", err).isZero();
    return out.toString();
  }
}
