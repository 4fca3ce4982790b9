package dev.nnet.cli;

import dev.nnet.compiler.check.JavaNames;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.export.ExportOptions;
import dev.nnet.compiler.export.Exporter;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.SavedParameter;
import dev.nnet.runtime.io.Excerpt;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet export MODEL --weights FILE -d DIR}: the trained model as one Java class that needs nothing but the
 * JDK, with its weights in a file beside it ({@code Name.weights.bin}), never inlined as code.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a trained model as a standalone Java class for inference that depends on nothing but the JDK, with"
            + " its weights (and the training data's standardization and class names) in a resource file beside it.")
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The trained model's weights.")
  Path weights;

  @Option(
      names = {"-d", "--dir"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to write to (package folders are created inside it): the .java file and NAME.weights.bin.")
  Path dir;

  @Option(
      names = "--class",
      paramLabel = "NAME",
      description = "The exported class's simple name (default: the model's name).")
  String className;

  @Option(
      names = "--package",
      paramLabel = "PACKAGE",
      description = "The exported class's package (default: the model's package; \"\" for none).")
  String javaPackage;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    checkNames(cmd);
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    Checkpoint checkpoint = trained.checkpoint();
    ExportOptions options = ExportOptions.of(m)
        .withName(javaPackage != null ? javaPackage : m.javaPackage(), className != null ? className : m.name())
        .withClasses(checkpoint.classes())
        .withStandardization(checkpoint.standardizer().isPresent())
        .withInputScale(m.data().map(d -> d.train().scale()).orElse(1.0));
    Exporter.Export export = Exporter.export(m, options);
    byte[] bytes;
    try {
      bytes = export.weights(values(checkpoint));
    } catch (IllegalArgumentException e) {
      // The checkpoint was loaded into this model's network, so a missing array is nnet's bug, not the user's.
      throw new IllegalStateException("the exporter and the checkpoint disagree: " + e.getMessage(), e);
    }
    GenerateCommand.requireFolder(dir, "-d");
    Path source = export.sourcePath(dir);
    Path resource = export.weightsPath(dir);
    Errors.io(() -> Generator.writeTo(List.of(export.source()), dir));
    Errors.io(() -> Files2.writeAtomically(resource, bytes));
    long values = export.arrays().stream().mapToLong(a -> a.length()).sum();
    PrintWriter out = cmd.getOut();
    out.println("wrote " + source);
    out.printf(Locale.ROOT, "wrote %s (%,d values, %s)%n", resource, values, size(bytes.length));
    out.println("It needs only the JDK: javac " + source + ", then "
        + options.className() + ".load().predict" + (m.task() == dev.nnet.compiler.model.Task.REGRESSION ? "" : "Label")
        + "(features) with the weights file beside the class.");
    out.flush();
    return Main.EXIT_OK;
  }

  /**
   * The checker's rules for a model's names, applied to {@code --class} and {@code --package}: {@code --package
   * java.lang} or {@code --class String} would write code javac refuses or that hides a class it uses.
   */
  private void checkNames(CommandLine cmd) {
    if (className != null && !SourceVersion.isIdentifier(className)) {
      throw new CommandLine.ParameterException(cmd, "--class must be a Java class name, got '"
          + Excerpt.of(className) + "'");
    }
    if (javaPackage != null && !javaPackage.isEmpty() && !SourceVersion.isName(javaPackage)) {
      throw new CommandLine.ParameterException(cmd, "--package must be a Java package name, got '"
          + Excerpt.of(javaPackage) + "'");
    }
    if (className == null && javaPackage == null) {
      return;
    }
    String cls = className != null ? className : "Exported";
    String pkg = javaPackage != null ? javaPackage : "";
    JavaNames.problem(pkg, cls).ifPresent(problem -> {
      throw new CommandLine.ParameterException(
          cmd, (className != null ? "--class/--package: " : "--package: ") + Excerpt.of(problem));
    });
  }

  /** Every parameter by its checkpoint name, and the standardizer's statistics. */
  private static Map<String, double[]> values(Checkpoint checkpoint) {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (SavedParameter p : checkpoint.parameters()) {
      values.put(p.name(), p.values());
    }
    checkpoint.arrays().forEach((name, floats) -> {
      double[] widened = new double[floats.length];
      for (int i = 0; i < floats.length; i++) {
        widened[i] = floats[i];
      }
      values.put(name, widened);
    });
    return values;
  }

  private static String size(long bytes) {
    if (bytes < 10_000) {
      return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
    return bytes < 10_000_000
        ? String.format(Locale.ROOT, "%.1f KB", bytes / 1000.0)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
