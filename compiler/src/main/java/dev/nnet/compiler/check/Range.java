package dev.nnet.compiler.check;

/** An allowed interval for a number, with its wording for messages ("at least 1", "in [0, 1)"). */
public record Range(double low, boolean lowIncluded, double high, boolean highIncluded, String words) {
  public static Range atLeast(double low) {
    return new Range(low, true, Double.POSITIVE_INFINITY, false, "at least " + format(low));
  }

  public static Range above(double low) {
    return new Range(low, false, Double.POSITIVE_INFINITY, false, "greater than " + format(low));
  }

  /** [0, 1): rates, splits, momenta. */
  public static final Range UNIT = new Range(0, true, 1, false, "at least 0 and less than 1");

  /** (0, 1): a fraction that must hold something on both sides. */
  public static final Range OPEN_UNIT = new Range(0, false, 1, false, "greater than 0 and less than 1");

  public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false, "any");

  public boolean contains(double x) {
    return (lowIncluded ? x >= low : x > low) && (highIncluded ? x <= high : x < high);
  }

  private static String format(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
