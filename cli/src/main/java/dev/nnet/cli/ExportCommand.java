package dev.nnet.cli;

import dev.nnet.compiler.check.JavaNames;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.export.ExportOptions;
import dev.nnet.compiler.export.Exporter;
import dev.nnet.compiler.export.onnx.OnnxExportException;
import dev.nnet.compiler.export.onnx.OnnxExporter;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
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
 * JDK, with its weights in a file beside it ({@code Name.weights.bin}), never inlined as code. With
 * {@code --format onnx -o FILE}: one ONNX model instead, weights inside, for ONNX Runtime and every tool that reads
 * ONNX ({@link OnnxExporter}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a trained model as a standalone Java class for inference that depends on nothing but the JDK, with"
            + " its weights (and the training data's standardization and class names) in a resource file beside it;"
            + " or, with --format onnx, as one ONNX model (opset " + OnnxExporter.OPSET + ") for ONNX Runtime.")
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The trained model's weights.")
  Path weights;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "java",
      description = "java (the default): a standalone Java class; onnx: one ONNX model file (needs -o).")
  String format;

  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Folder to write to (package folders are created inside it): the .java file and NAME.weights.bin.")
  Path dir;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "The ONNX file to write, for --format onnx (MODEL.onnx, say).")
  Path out;

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
    checkFormat(cmd);
    if (format.equals("onnx")) {
      return onnx(cmd);
    }
    checkNames(cmd);
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    Checkpoint checkpoint = trained.checkpoint();
    ExportOptions options = options(m, checkpoint);
    Exporter.unsupported(m).ifPresent(reason -> {
      throw new UserError(m.sourceFile() + ": cannot export: " + reason);
    });
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
   * The trained model as one ONNX file: the graph takes raw rows, as the data files hold them, and the file carries
   * the class names and the architecture's fingerprint in its metadata.
   */
  private int onnx(CommandLine cmd) {
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    Checkpoint checkpoint = trained.checkpoint();
    ExportOptions options = options(m, checkpoint);
    byte[] bytes;
    try {
      bytes = OnnxExporter.export(m, options, checkpoint.fingerprint(), values(checkpoint)).toByteArray();
    } catch (OnnxExportException e) {
      throw new UserError(m.sourceFile() + ": cannot export to ONNX: " + e.getMessage());
    }
    Errors.io(() -> Files2.writeAtomically(out, bytes));
    PrintWriter w = cmd.getOut();
    long values = m.trainableParameters() + m.nonTrainableParameters();
    w.printf(Locale.ROOT, "wrote %s (ONNX opset %d, %,d parameters, %s)%n", out, OnnxExporter.OPSET, values,
        size(bytes.length));
    w.println("Input '" + OnnxExporter.INPUT + "': [batch, " + m.input().size() + "] raw features; output '"
        + OnnxExporter.outputName(m) + "': [batch, " + m.output().size() + "]"
        + (m.precision() == Precision.FLOAT64
            ? "; the graph computes in float32 (the model trained in float64)." : "."));
    w.flush();
    return Main.EXIT_OK;
  }

  private void checkFormat(CommandLine cmd) {
    switch (format) {
      case "java" -> {
        if (dir == null) {
          throw new CommandLine.ParameterException(cmd, "Missing required option: '--dir=DIR'");
        }
        if (out != null) {
          throw new CommandLine.ParameterException(cmd, "-o is for --format onnx; the Java export writes into -d DIR");
        }
      }
      case "onnx" -> {
        if (out == null) {
          throw new CommandLine.ParameterException(cmd, "--format onnx needs -o FILE, the .onnx file to write");
        }
        if (dir != null || className != null || javaPackage != null) {
          throw new CommandLine.ParameterException(cmd,
              "-d, --class and --package are for the Java export; --format onnx writes one file, -o FILE");
        }
      }
      default -> throw new CommandLine.ParameterException(cmd,
          "--format must be java or onnx, got '" + format + "'");
    }
  }

  /** What both formats need beyond the architecture: class names, standardization and the input's scale. */
  private ExportOptions options(ModelSpec m, Checkpoint checkpoint) {
    return ExportOptions.of(m)
        .withName(javaPackage != null ? javaPackage : m.javaPackage(), className != null ? className : m.name())
        .withClasses(checkpoint.classes())
        .withStandardization(checkpoint.standardizer().isPresent())
        .withInputScale(m.data().map(d -> d.train().scale()).orElse(1.0))
        .withVocabulary(checkpoint.vocabulary());
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
    if (!checkpoint.vocabulary().isEmpty()) {
      values.put(Exporter.VOCABULARY, Exporter.vocabularyValues(checkpoint.vocabulary()));
    }
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
