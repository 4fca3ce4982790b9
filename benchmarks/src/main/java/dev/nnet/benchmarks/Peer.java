package dev.nnet.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer framework (PyTorch or scikit-learn) timed on the same model by {@code benchmarks/peers/peer_mlp.py}, run
 * with Debian's {@code /usr/bin/python3} (where {@code python3-torch} and {@code python3-sklearn} install). A peer
 * that is not installed is reported as missing, never as a failure.
 */
final class Peer {
  static final String PYTHON = "/usr/bin/python3";

  /** What one run of the script reports: the medians the harness compares, and what ran. */
  record Result(String framework, OptionalDouble medianEpochSeconds, OptionalDouble fitSeconds,
      OptionalDouble latencyMicros, OptionalDouble testAccuracy) {}

  private final String framework;
  private final String module;
  private final Path script;

  private Peer(String framework, String module, Path script) {
    this.framework = framework;
    this.module = module;
    this.script = script;
  }

  static Peer torch(Path script) {
    return new Peer("torch", "torch", script);
  }

  static Peer sklearn(Path script) {
    return new Peer("sklearn", "sklearn", script);
  }

  String name() {
    return framework.equals("torch") ? "PyTorch" : "scikit-learn";
  }

  /** Whether the interpreter and the framework are installed. */
  boolean available() {
    if (!Files.isExecutable(Path.of(PYTHON)) || !Files.exists(script)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs the script; {@code threads} is the framework's own thread count, while the BLAS under NumPy always gets one
   * thread (the setting: scikit-learn single-threaded, PyTorch with OpenBLAS at 1 thread).
   */
  Optional<Result> run(String model, Path irisCsv, int batch, int epochs, int threads, double lr, int latencyCalls)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        PYTHON, script.toString(), "--framework", framework, "--model", model, "--iris-csv", irisCsv.toString(),
        "--batch", Integer.toString(batch), "--epochs", Integer.toString(epochs), "--threads",
        Integer.toString(threads), "--lr", Double.toString(lr), "--latency-calls", Integer.toString(latencyCalls)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      System.out.println("  " + name() + " failed (exit " + p.exitValue() + "); see its messages above");
      return Optional.empty();
    }
    Matcher fw = Pattern.compile("\"framework\": \"([^\"]*)\"").matcher(out);
    return Optional.of(new Result(
        fw.find() ? fw.group(1) : name(),
        number(out, "median_epoch_seconds"),
        number(out, "fit_seconds"),
        number(out, "latency_us"),
        number(out, "test_accuracy")));
  }

  /** A number field of the script's one-line JSON; empty when absent or null. */
  private static OptionalDouble number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE+]+)").matcher(json);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }
}
