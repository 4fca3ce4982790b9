package dev.nnet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmarks print about the machine they ran on, as benchmarks/RESULTS.md asks of every figure. */
final class Machine {
  private Machine() {}

  /** Vendor, model name, family and model numbers, and the widest vector extension: for RESULTS.md. */
  static String cpuModel() {
    try {
      Map<String, String> info = new LinkedHashMap<>();
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          info.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      String flags = info.getOrDefault("flags", "");
      String simd = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2";
      return info.getOrDefault("vendor_id", "unknown vendor") + " " + info.getOrDefault("model name", "unknown CPU")
          + " (family " + info.get("cpu family") + " model " + info.get("model") + ", " + simd + ")";
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  /** The load averages and process counts of {@code /proc/loadavg}: figures taken under load say so. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
