package dev.nnet.compiler.export;

import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random trained values for the exporters' tests: every parameter of a runtime network set at random, and a
 * standardizer's statistics, by the names the exporters read them under.
 */
public final class RandomWeights {
  private RandomWeights() {}

  /**
   * Sets every parameter of {@code net} to a random value in [−1, 1) (a variance to [0.2, 1.2), as it must be
   * positive) and returns them by checkpoint name, as the network holds them (float32 values for a float32 network).
   */
  public static Map<String, double[]> into(Network net, Rng rng) {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (Parameter p : net.parameters()) {
      double[] v = new double[p.size()];
      for (int i = 0; i < v.length; i++) {
        p.set(i, p.name().endsWith("variance") ? 0.2 + rng.nextDouble() : 2 * rng.nextDouble() - 1);
        v[i] = p.get(i);
      }
      values.put(p.name(), v);
    }
    return values;
  }

  /** Adds a random standardizer of {@code features} features (float32 values, as a checkpoint stores them). */
  public static void addStandardizer(Map<String, double[]> values, int features, Rng rng) {
    double[] mean = new double[features];
    double[] std = new double[features];
    for (int i = 0; i < features; i++) {
      mean[i] = (float) (rng.nextDouble() * 4 - 2);
      std[i] = (float) (0.5 + rng.nextDouble() * 3);
    }
    values.put(Exporter.STANDARDIZER_MEAN, mean);
    values.put(Exporter.STANDARDIZER_STD, std);
  }
}
