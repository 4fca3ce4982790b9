package dev.nnet.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link BenchmarkMatMul} and prints a Markdown table: per batch size and product, each backend's median time
 * and GFLOP/s, and each one's speed relative to {@code ejml}. Takes JMH's command-line options (e.g.
 * {@code -p backend=ejml,blas -wi 3 -i 5}); the table goes to standard output after JMH's own log.
 */
public final class MatMulReport {
  private MatMulReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    Collection<RunResult> results =
        new Runner(new OptionsBuilder().parent(cli).include(BenchmarkMatMul.class.getName() + ".product").build())
            .run();

    // batch → product → backend → median µs
    Map<Integer, Map<BenchmarkMatMul.Product, Map<String, Double>>> medians = new TreeMap<>();
    List<String> backends = new ArrayList<>();
    for (RunResult r : results) {
      var params = r.getParams();
      int batch = Integer.parseInt(params.getParam("batch"));
      var product = BenchmarkMatMul.Product.valueOf(params.getParam("product"));
      String backend = params.getParam("backend");
      if (!backends.contains(backend)) {
        backends.add(backend);
      }
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      medians.computeIfAbsent(batch, x -> new TreeMap<>())
          .computeIfAbsent(product, x -> new LinkedHashMap<>())
          .put(backend, median);
    }

    StringBuilder out = new StringBuilder();
    out.append("| batch | product | shape (m×k·k×n) |");
    for (String backend : backends) {
      out.append(' ').append(backend).append(" µs | GFLOP/s | ×ejml |");
    }
    out.append('\n').append("|---|---|---|");
    out.append("---:|---:|---:|".repeat(backends.size())).append('\n');
    medians.forEach((batch, byProduct) -> byProduct.forEach((product, byBackend) -> {
      out.append(String.format(Locale.ROOT, "| %d | %s | %s |", batch, product.name(), shape(product, batch)));
      Double ejml = byBackend.get("ejml");
      for (String backend : backends) {
        Double us = byBackend.get(backend);
        if (us == null) {
          out.append(" – | – | – |");
        } else {
          double gflops = product.flop(batch) / (us * 1e3);
          String ratio = ejml == null ? "–" : String.format(Locale.ROOT, "%.1f", ejml / us);
          out.append(String.format(Locale.ROOT, " %.1f | %.1f | %s |", us, gflops, ratio));
        }
      }
      out.append('\n');
    }));
    System.out.println();
    System.out.print(out);
  }

  private static String shape(BenchmarkMatMul.Product p, int b) {
    return switch (p.call) {
      case "mult" -> b + "×" + p.in + "·" + p.in + "×" + p.out;
      case "multTransA" -> p.in + "×" + b + "·" + b + "×" + p.out;
      default -> b + "×" + p.out + "·" + p.out + "×" + p.in;
    };
  }
}
