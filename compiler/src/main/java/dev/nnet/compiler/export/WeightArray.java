package dev.nnet.compiler.export;

/**
 * One array of the weights file, in the order the exported class reads them.
 *
 * @param name its name: a checkpoint parameter's ({@code dense1.kernel}) or a standardizer statistic's
 *     ({@code standardizer.mean})
 * @param length how many values it holds
 * @param isDouble whether its values are stored as float64 (else float32)
 */
public record WeightArray(String name, int length, boolean isDouble) {
  public WeightArray {
    if (length < 0) {
      throw new IllegalArgumentException(name + ": negative length " + length);
    }
  }
}
