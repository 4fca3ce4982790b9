package dev.nnet.runtime;

import java.util.List;
import java.util.Objects;

/**
 * Samples in memory, row-major: {@link #features()} holds {@code rows * featureSize} float32 values (one sample's
 * tensor flattened channels last), {@link #targets()} holds {@code rows * targetSize} values. For classification the
 * target is the class index (targetSize 1, also for binary 0/1 labels); for regression it is the target vector.
 * {@link #classes()} names the classes in index order (empty for regression).
 *
 * <p><b>Features stored as bytes.</b> Images read from an IDX file of unsigned bytes keep their bytes and the scale
 * they are multiplied by ({@link #ofBytes}): feature {@code i} is {@code (bytes[i] & 0xFF) * scale} in float32. They
 * take a quarter of the memory of the floats (Fashion-MNIST's training images: 47 MB against 188), and loading a
 * shuffled batch, which is bound by the memory's bandwidth, reads a quarter of the bytes ({@code FloatNetwork}).
 * {@link #features()} makes the floats on its first call and keeps them; what only reads the features should use
 * {@link #copyFeatures} or {@link #bytes()}, which do not. Whatever changes {@link #features()} in place must make
 * a dataset of floats from them (as {@code Standardizer.apply} does), since the bytes then no longer hold them.
 */
public final class Dataset {
  private final int featureSize;
  private final float[] targets;
  private final int targetSize;
  private final int rows;
  private final List<String> classes;
  private final ByteFeatures bytes;
  /** The float32 features: given, or made from {@link #bytes} on the first call of {@link #features()}. */
  private volatile float[] features;

  /** Features as unsigned bytes: feature {@code i} is {@code (values[i] & 0xFF) * scale}, in float32. */
  public record ByteFeatures(byte[] values, float scale) {
    public ByteFeatures {
      Objects.requireNonNull(values, "values");
    }
  }

  /** A dataset of float features. The arrays are shared, not copied. */
  public Dataset(float[] features, int featureSize, float[] targets, int targetSize, int rows, List<String> classes) {
    this(Objects.requireNonNull(features, "features"), null, featureSize, targets, targetSize, rows, classes);
  }

  private Dataset(float[] features, ByteFeatures bytes, int featureSize, float[] targets, int targetSize, int rows,
      List<String> classes) {
    int values = features != null ? features.length : bytes.values().length;
    if (values != (long) rows * featureSize || targets.length != (long) rows * targetSize) {
      throw new IllegalArgumentException(
          "arrays do not match " + rows + " rows of " + featureSize + " features and " + targetSize + " targets");
    }
    this.features = features;
    this.bytes = bytes;
    this.featureSize = featureSize;
    this.targets = targets;
    this.targetSize = targetSize;
    this.rows = rows;
    this.classes = List.copyOf(classes);
  }

  /** A dataset whose features are stored as bytes (see the class comment). The arrays are shared, not copied. */
  public static Dataset ofBytes(
      ByteFeatures bytes, int featureSize, float[] targets, int targetSize, int rows, List<String> classes) {
    return new Dataset(null, Objects.requireNonNull(bytes, "bytes"), featureSize, targets, targetSize, rows, classes);
  }

  /**
   * The features as float32 values, {@code rows * featureSize} of them. For a dataset of bytes, the first call
   * makes them (four times the bytes' memory) and later calls return the same array.
   */
  public float[] features() {
    float[] f = features;
    if (f == null) {
      synchronized (this) {
        f = features;
        if (f == null) {
          f = new float[bytes.values().length];
          copyFeatures(0, f, 0, f.length);
          features = f;
        }
      }
    }
    return f;
  }

  /** Whether the float features exist: always for a dataset of floats, after {@link #features()} for one of bytes. */
  boolean floatsMade() {
    return features != null;
  }

  /** The features as bytes with their scale, or null when they are floats. */
  public ByteFeatures bytes() {
    return bytes;
  }

  /**
   * Copies features {@code [from, from + n)} (row-major, so row {@code r} starts at {@code r * featureSize}) into
   * {@code dst} from {@code dstFrom} on, as the float32 values {@link #features()} holds, without making the floats
   * of a dataset of bytes.
   */
  public void copyFeatures(int from, float[] dst, int dstFrom, int n) {
    float[] f = features;
    if (f != null) {
      System.arraycopy(f, from, dst, dstFrom, n);
      return;
    }
    Objects.checkFromIndexSize(from, n, bytes.values().length);
    Objects.checkFromIndexSize(dstFrom, n, dst.length);
    byte[] b = bytes.values();
    float scale = bytes.scale();
    for (int i = 0; i < n; i++) {
      dst[dstFrom + i] = (b[from + i] & 0xFF) * scale;
    }
  }

  public int featureSize() {
    return featureSize;
  }

  public float[] targets() {
    return targets;
  }

  public int targetSize() {
    return targetSize;
  }

  public int rows() {
    return rows;
  }

  public List<String> classes() {
    return classes;
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " rows of " + featureSize + (bytes != null ? " byte" : "") + " features, "
        + targetSize + " targets, " + classes.size() + " classes]";
  }
}
