package dev.nnet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line in-process or in a fresh JVM and captures what it prints. Test support. */
public final class Cli {
  private Cli() {}

  /** What one run printed, and its exit code. */
  public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Runs {@code nnet ARGS} in this JVM. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs {@code nnet ARGS} in a fresh JVM with this test's class path. */
  public static Run runInNewJvm(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The Vector API, as in this JVM and ./nnet's: without it the matrix-multiply backend chosen could differ (where
    // OpenBLAS runs generic kernels, auto takes the Vector API's), and so could the last bits of the results.
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("nnet-out", ".txt");
    Path err = Files.createTempFile("nnet-err", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      // Only against a hang: under load a training run in a fresh JVM takes many times its quiet-machine time.
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("nnet " + String.join(" ", args) + " did not finish in 10 minutes");
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The repository's root, found by walking up from the working directory to the folder with samples/. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("samples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no samples/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** {@code samples/NAME/NAME.nnet}. */
  public static Path sample(String name) {
    return repoRoot().resolve("samples").resolve(name).resolve(name + ".nnet");
  }
}
