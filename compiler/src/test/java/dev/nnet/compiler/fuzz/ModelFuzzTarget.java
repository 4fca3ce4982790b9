package dev.nnet.compiler.fuzz;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * What must hold for any model file, however broken: checking it ends in a model or in diagnostics (no exception,
 * no hang), every diagnostic points into the file and renders, and a model that checks clean generates Java that
 * javac compiles into exactly the model's own classes (nothing user text could have injected). Inputs are model
 * files as bytes, or descriptions of models that {@link ModelWriter} writes from the language's words and from names
 * and strings hostile to generated Java.
 *
 * <p>javac takes a hundred times longer than checking and generating, and most models the fuzzer finds differ
 * from one already compiled only in their numbers. So a model is compiled when its generated source has a new
 * shape: the source with every number literal replaced by its kind (an {@code int}, a {@code long} or a decimal),
 * so that a literal too large for its type still counts as new. Names, keywords and structure all count.
 *
 * <p>{@link #fuzzerTestOneInput} is Jazzer's entry point, for the JUnit fuzz test and for long standalone runs
 * (docs/RELIABILITY.md).
 */
public final class ModelFuzzTarget {
  private static final FuzzJavac JAVAC = new FuzzJavac();
  private static final Pattern NUMBER =
      Pattern.compile("\\b\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?([fFdDlL])?\\b");
  /** SHA-256 digests of the shapes compiled so far. */
  private static final Set<String> COMPILED = new HashSet<>();

  private ModelFuzzTarget() {}

  /**
   * An input starting with a zero byte describes a model for {@link ModelWriter} to write; any other input is a
   * model file's bytes.
   */
  public static void fuzzerTestOneInput(byte[] input) {
    if (input.length > 0 && input[0] == 0) {
      ModelWriter.Written model = ModelWriter.write(input, 1);
      check(model.fileName(), model.text());
    } else {
      check("fuzz.nnet", new String(input, StandardCharsets.UTF_8));
    }
  }

  /** Runs the source through the front end and, when it checks clean, the generator and javac. */
  public static void check(String fileName, String source) {
    CheckResult result = Frontend.check(fileName, source);
    String rendered = result.render();
    if (result.model().isEmpty() && !result.hasErrors()) {
      throw new AssertionError("neither a model nor an error");
    }
    for (Diagnostic d : result.diagnostics()) {
      if (d.span().line() < 1 || d.span().column() < 1 || !d.code().matches("[EW]0\\d\\d")) {
        throw new AssertionError("a diagnostic outside the file or without a code: " + d);
      }
    }
    if (result.hasErrors() && rendered.isEmpty()) {
      throw new AssertionError("errors that render as nothing");
    }
    result.model().ifPresent(ModelFuzzTarget::generateAndCompile);
  }

  private static void generateAndCompile(ModelSpec model) {
    List<JavaFile> files = Generator.generate(model, GeneratorOptions.defaults());
    for (JavaFile f : files) {
      if (!f.packageName().isEmpty() && !SourceVersion.isName(f.packageName())
          || !SourceVersion.isName(f.typeSpec().name()) || f.typeSpec().name().contains(".")) {
        throw new AssertionError("not a Java name: " + f.packageName() + " / " + f.typeSpec().name());
      }
    }
    if (!COMPILED.add(shape(files))) {
      return;
    }
    Set<String> classes;
    try {
      classes = JAVAC.compile(files);
    } catch (AssertionError e) {
      throw new AssertionError("the generated code does not compile: " + e.getMessage() + "\n" + files.get(0), e);
    }
    String own = model.qualifiedName();
    for (String name : classes) {
      if (!name.equals(own) && !name.startsWith(own + "$")) {
        throw new AssertionError("the generated code defines a class that is not the model's: " + name);
      }
    }
  }

  /** A digest of the sources with each number literal replaced by its kind (see the class comment). */
  static String shape(List<JavaFile> files) {
    StringBuilder all = new StringBuilder();
    for (JavaFile f : files) {
      Matcher m = NUMBER.matcher(f.toString());
      while (m.find()) {
        m.appendReplacement(all, kind(m.group(), m.group(1)));
      }
      m.appendTail(all);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  private static String kind(String literal, String suffix) {
    if (suffix != null || literal.contains(".") || literal.contains("e") || literal.contains("E")) {
      return "N" + (suffix == null ? "" : suffix);
    }
    try {
      Integer.parseInt(literal);
      return "I";
    } catch (NumberFormatException e) {
      return "TOO_LARGE_FOR_INT";
    }
  }
}
