package dev.nnet.compiler.export;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import java.util.List;

/**
 * What the exported class needs beyond the model's architecture: where it goes, and how raw features become the
 * network's input.
 *
 * @param javaPackage the exported class's package (empty for none)
 * @param className the exported class's simple name
 * @param classes class names in index order, for classification; empty means the indices "0", "1", ...
 * @param standardized whether the trained model standardizes its inputs, so the weights file carries the
 *     per-feature mean and standard deviation and the class applies {@code (x − mean) / std}
 * @param inputScale the factor the training data's loader applied to every raw feature (1/255 for images stored as
 *     bytes, 1 for none); the class applies it first, so it takes features as they are in the data files
 * @param vocabulary the token ids of a model with {@code input text(...)}, in id order (empty for other models);
 *     the class then takes raw text
 */
public record ExportOptions(
    String javaPackage, String className, List<String> classes, boolean standardized, double inputScale,
    List<String> vocabulary) {
  public ExportOptions {
    classes = List.copyOf(classes);
    vocabulary = List.copyOf(vocabulary);
    if (!(inputScale > 0) || !Double.isFinite(inputScale)) {
      throw new IllegalArgumentException("the input scale must be a positive number, got " + inputScale);
    }
  }

  /** Options of a model without text input. */
  public ExportOptions(
      String javaPackage, String className, List<String> classes, boolean standardized, double inputScale) {
    this(javaPackage, className, classes, standardized, inputScale, List.of());
  }

  public ExportOptions withVocabulary(List<String> tokens) {
    return new ExportOptions(javaPackage, className, classes, standardized, inputScale, tokens);
  }

  /** The model's own package and name, no class names, no standardization, no scale. */
  public static ExportOptions of(ModelSpec model) {
    return new ExportOptions(model.javaPackage(), model.name(), List.of(), false, 1.0);
  }

  public ExportOptions withClasses(List<String> names) {
    return new ExportOptions(javaPackage, className, names, standardized, inputScale, vocabulary);
  }

  public ExportOptions withStandardization(boolean on) {
    return new ExportOptions(javaPackage, className, classes, on, inputScale, vocabulary);
  }

  public ExportOptions withInputScale(double scale) {
    return new ExportOptions(javaPackage, className, classes, standardized, scale, vocabulary);
  }

  public ExportOptions withName(String javaPackage, String className) {
    return new ExportOptions(javaPackage, className, classes, standardized, inputScale, vocabulary);
  }

  /** The fully qualified name of the exported class. */
  public String qualifiedName() {
    return javaPackage.isEmpty() ? className : javaPackage + "." + className;
  }

  /**
   * The class names the exported class reports for {@code model}: the given ones, or the indices when there are
   * none (or not as many as the model has classes); empty for regression.
   */
  public List<String> classNames(ModelSpec model) {
    if (model.task() == Task.REGRESSION) {
      return List.of();
    }
    int count = model.task() == Task.BINARY_CLASSIFICATION ? 2 : model.output().size();
    if (classes.size() == count) {
      return classes;
    }
    return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }
}
