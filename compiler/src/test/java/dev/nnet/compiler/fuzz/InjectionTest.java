package dev.nnet.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No model file can inject Java into the generated class: text from the file (its name, data paths, label columns)
 * with quotes, backslashes, comment terminators and unicode escapes (which javac decodes even inside comments and
 * strings) stays inert in a comment or a string literal, and the source compiles into exactly the model's class. Names that clash with what generated code uses compile too (or are refused, see FindingsTest).
 */
class InjectionTest {
  private static final ModelCompiler JAVAC = ModelCompiler.inMemory();

  @TempDir Path dir;

  private static final String LAYERS = """
      input [8, 8, 1]
      conv2d 4 3x3 relu
      maxpool2d 2x2
      batchnorm
      flatten
      dropout 0.5
      dense 3 softmax
      loss sparse_categorical_crossentropy
      """;

  /** Checks, generates and compiles; returns the generated source after asserting only the model's classes come out. */
  private static String compiles(CheckResult r) {
    return compileTogether(List.of(r)).get(0);
  }

  /**
   * {@link #compiles} for several models in one javac run (it takes seconds each otherwise); their names differ.
   * Each model's source is generated alone, as always, so compiling them together changes nothing in them.
   */
  private static List<String> compileTogether(List<CheckResult> results) {
    List<JavaFile> files = new ArrayList<>();
    Set<String> own = new HashSet<>();
    for (CheckResult r : results) {
      assertThat(r.diagnostics()).as(r.render()).noneMatch(d -> d.isError());
      ModelSpec m = r.model().orElseThrow();
      files.addAll(Generator.generate(m, GeneratorOptions.defaults()));
      own.add(m.qualifiedName());
    }
    Map<String, byte[]> classes = JAVAC.compile(files);
    assertThat(classes.keySet()).allMatch(n -> own.contains(n.contains("$") ? n.substring(0, n.indexOf('$')) : n));
    assertThat(classes.keySet()).containsAll(own);
    return files.stream().map(JavaFile::toString).toList();
  }

  /**
   * Data paths and label columns reach the generated class in its training plan, as string literals that read back
   * as exactly the text of the model file: no quote ends them early and no unicode escape turns into code.
   */
  @Test
  void dataPathsAndLabelsStayStringValues() throws ReflectiveOperationException {
    String source = "model Iris\npackage com.example\n" + LAYERS + """
        data {
          train csv("*/ class Evil {} /* \\\\u0022); System.exit(1); (\\\\u0022 C:\\\\x\\\\y \\"q\\".csv",
                    label = "\\\\u000a Evil2 \\" */")
          test idx("a*/b\\\\u002a\\\\u002f.idx", "\\\\u0022.idx")
        }
        """;
    CheckResult r = Frontend.check("iris.nnet", source);
    compiles(r);
    ModelSpec m = r.model().orElseThrow();
    Class<?> generated = JAVAC.load(Generator.generate(m, GeneratorOptions.defaults()), m.qualifiedName());
    DataBlock block = ((TrainingPlan) generated.getField("TRAINING_PLAN").get(null)).data().orElseThrow();
    Data data = m.data().orElseThrow();
    DataSource.Csv train = (DataSource.Csv) data.train();
    DataSource.Idx test = (DataSource.Idx) data.test().orElseThrow();
    assertThat(train.path()).contains("System.exit(1)").contains("\\u0022");
    assertThat(train.label()).contains("\\u000a");
    Source.Csv trainValue = (Source.Csv) block.train();
    assertThat(trainValue.path().toString()).isEqualTo(train.path());
    assertThat(trainValue.labelColumn()).isEqualTo(train.label());
    Source.Idx testValue = (Source.Idx) block.test().orElseThrow();
    assertThat(testValue.images().toString()).isEqualTo(test.images());
    assertThat(testValue.labels().toString()).isEqualTo(test.labels());
  }

  @Test
  void hostileFileNamesStayInertInComments() {
    List<String> names = List.of(
        "x*/y.nnet", "a\\u002a\\u002f class Evil {} /*.nnet", "c:\\dir\\m\\u000a class Evil {}.nnet",
        "\\u0022; class Evil {} //.nnet", "a\nb\r\u0085c\u2028d.nnet", "/* x */.nnet", "é ✓ {@code }.nnet",
        "*\\u002f class Evil {} \\u002f*.nnet");
    List<CheckResult> models = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      models.add(Frontend.check(names.get(i), "model Iris" + i + "\npackage com.example\n" + LAYERS));
    }
    List<String> generated = compileTogether(models);
    for (int i = 0; i < names.size(); i++) {
      assertInert(generated.get(i), names.get(i));
    }
  }

  /** No unicode escape is left for javac to decode, and the would-be code is only text in comments. */
  private static void assertInert(String generated, String name) {
    assertThat(generated).as(name).doesNotContain("\\u");
    for (String line : generated.split("\n")) {
      if (line.contains("Evil")) {
        assertThat(line.strip()).as("%s: a comment line", name).matches("(//|\\*|/\\*\\*).*");
      }
    }
  }

  @Test
  void aHostileFileOnDiskStaysInertToo() throws IOException {
    Path file = dir.resolve("x \\u002a\\u002f class Evil {} \" ü.nnet");
    Files.writeString(file, "model Iris\n" + LAYERS);
    assertInert(compiles(Frontend.check(file)), file.getFileName().toString());
  }

  @Test
  void namesOfTypesGeneratedCodeUsesStillCompile() {
    List<CheckResult> models = new ArrayList<>();
    // One of each kind generated code names: the interface, a runtime class, a kernel, a matrix, an annotation, a
    // JDK utility, a name like a package part.
    for (String name : List.of("Network", "Parameter", "Rng", "MatMul", "Convolution", "Window2d", "FMatrixRMaj",
        "DMatrixRMaj", "Generated", "List", "Objects", "ejml")) {
      for (String pkg : List.of("", "package com.example\n")) {
        models.add(Frontend.check("m.nnet", "model " + name + "\n" + pkg + LAYERS + "precision float64\n"));
      }
    }
    compileTogether(models);
  }
}
