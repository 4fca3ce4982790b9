package dev.nnet.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown table {@link EndToEnd} prints: one row per figure, nnet's value next to its target (met or not), the
 * rate of the products it runs and its share of the machine's peak, and the peers' values with nnet's speed-up over
 * each.
 */
final class ResultsTable {
  /**
   * One figure: nnet's value next to its target and the peers' values (NaN where not measured), and for a time, the
   * rate of the products it runs ({@code gflops}, GFLOP/s, NaN where not counted).
   */
  record Row(String figure, String unit, double nnet, double target, boolean lowerIsBetter, double torch,
      double sklearn, String note, double gflops) {
    Row(String figure, String unit, double nnet, double target, boolean lowerIsBetter, double torch, double sklearn,
        String note) {
      this(figure, unit, nnet, target, lowerIsBetter, torch, sklearn, note, Double.NaN);
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  /** Prints the table; {@code peak} is the machine's float32 FMA peak over all processors, GFLOP/s. */
  void print(double peak) {
    System.out.println("| figure | nnet | target | met | GFLOP/s | of peak | PyTorch | ×PyTorch | scikit-learn "
        + "| ×scikit-learn | how |");
    System.out.println("|---|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---|");
    for (Row r : rows) {
      boolean met = r.lowerIsBetter ? r.nnet <= r.target : r.nnet >= r.target;
      System.out.printf("| %s | %s | %s %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.figure,
          number(r.nnet, r.unit), r.lowerIsBetter ? "≤" : "≥", number(r.target, r.unit), met ? "yes" : "**no**",
          number(r.gflops, ""),
          Double.isNaN(r.gflops) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * r.gflops / peak),
          number(r.torch, r.unit), ratio(r, r.torch), number(r.sklearn, r.unit), ratio(r, r.sklearn), r.note);
    }
  }

  /** How many times faster nnet is than a peer (for accuracy: the peer's accuracy over nnet's is not a speed). */
  private static String ratio(Row r, double peer) {
    if (Double.isNaN(peer) || !r.lowerIsBetter || r.nnet <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f×", peer / r.nnet);
  }

  private static String number(double v, String unit) {
    if (Double.isNaN(v)) {
      return "";
    }
    String n = Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
    return unit.isEmpty() ? n : n + " " + unit;
  }
}
