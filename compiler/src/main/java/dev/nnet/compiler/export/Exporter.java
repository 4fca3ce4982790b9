package dev.nnet.compiler.export;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exports a checked model as a standalone Java class and describes the weights file it reads. The caller (the
 * command line) supplies the trained values, by name, and writes both files.
 */
public final class Exporter {
  /** Name of the standardizer's per-feature means in the weights file (the checkpoint's name too). */
  public static final String STANDARDIZER_MEAN = "standardizer.mean";

  /** Name of the standardizer's per-feature standard deviations in the weights file. */
  public static final String STANDARDIZER_STD = "standardizer.std";

  private Exporter() {}

  /** The weights file's array holding a text model's vocabulary, encoded as {@link #vocabularyValues} does. */
  public static final String VOCABULARY = TextExport.ARRAY;

  /** A text model's vocabulary (token ids in order) as the values of the weights file's {@link #VOCABULARY}. */
  public static double[] vocabularyValues(List<String> vocabulary) {
    return TextExport.encode(vocabulary);
  }

  /**
   * The exported class of {@code model} and the layout of its weights file.
   *
   * @throws IllegalArgumentException when a name is not a Java name or a layer kind is not supported
   */
  /**
   * Why {@code model} cannot be exported, or empty when it can: a recurrent layer that skips an embedding's padded
   * steps (mask_zero) would compute them in the exported class, which does not carry the mask yet.
   */
  public static java.util.Optional<String> unsupported(ModelSpec model) {
    return model.layers().stream()
        .filter(l -> l instanceof dev.nnet.compiler.model.LayerSpec.Recurrent r && r.masked()
            || l instanceof dev.nnet.compiler.model.LayerSpec.Bidirectional b && b.forward().masked())
        .findFirst()
        .map(l -> l.name() + " skips the padded steps of an embedding with mask_zero, which the export does not "
            + "carry yet; train the model without mask_zero to export it");
  }

  public static Export export(ModelSpec model, ExportOptions options) {
    StandaloneWriter writer = new StandaloneWriter(model, options);
    JavaFile source = writer.write();
    return new Export(source, resourceName(options), writer.arrays());
  }

  /** {@code ClassName.weights.bin}: the weights file's name, beside the class. */
  public static String resourceName(ExportOptions options) {
    return options.className() + ".weights.bin";
  }

  /**
   * An exported class and its weights file's layout.
   *
   * @param source the class
   * @param resourceName the weights file's name, which the class looks for beside itself
   * @param arrays the weights file's arrays in order: the standardizer's statistics when there are any, then
   *     every parameter the class uses, by checkpoint name
   */
  public record Export(JavaFile source, String resourceName, List<WeightArray> arrays) {
    public Export {
      arrays = List.copyOf(arrays);
    }

    /** The source file under {@code dir}: dir/package/folders/ClassName.java. */
    public Path sourcePath(Path dir) {
      return packageDir(dir).resolve(source.typeSpec().name() + ".java");
    }

    /** The weights file under {@code dir}, beside the source. */
    public Path weightsPath(Path dir) {
      return packageDir(dir).resolve(resourceName);
    }

    private Path packageDir(Path dir) {
      String pkg = source.packageName();
      return pkg.isEmpty() ? dir : dir.resolve(pkg.replace('.', '/'));
    }

    /**
     * The weights file's bytes ({@link WeightsFormat}).
     *
     * @param values every array of {@link #arrays()} by name, widened to double
     * @throws IllegalArgumentException when one is missing or has the wrong length
     */
    public byte[] weights(Map<String, double[]> values) {
      return WeightsFormat.encode(source.typeSpec().name(), arrays, values);
    }
  }
}
