package dev.nnet.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each fuzzing finding (the {@code finding-*} inputs beside the seeds, which {@link ModelFuzzTest} replays)
 * must give now, stated outright: a diagnostic at the model or package name, or a model that compiles.
 */
class FindingsTest {
  private static String finding(String name) throws IOException {
    try (InputStream in = FindingsTest.class.getResourceAsStream("ModelFuzzTestInputs/modelFiles/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Diagnostic onlyError(CheckResult r) {
    assertThat(r.model()).isEmpty();
    assertThat(r.diagnostics()).hasSize(1);
    return r.diagnostics().get(0);
  }

  @ParameterizedTest(name = "package {0}")
  @CsvSource({"javax.tools, javax", "jdk.internal.misc, jdk", "sun.misc, sun", "java.util, java"})
  void jdkPackagesAreRefused(String pkg, String root) throws IOException {
    String source = finding("finding-1-jdk-package").replace("javax.tools", pkg);
    Diagnostic d = onlyError(Frontend.check("m.nnet", source));
    assertThat(d.code()).isEqualTo("E024");
    assertThat(d.message()).isEqualTo("packages under `" + root + "` are reserved for the JDK");
    assertThat(d.span().line()).isEqualTo(3);
  }

  @ParameterizedTest(name = "package {0}")
  @CsvSource({"dev.nnet.runtime", "dev.nnet.runtime.kernel", "dev.nnet.runtime.x.y"})
  void theRuntimesPackagesAreRefused(String pkg) throws IOException {
    String source = finding("finding-2-runtime-package").replace("dev.nnet.runtime", pkg);
    Diagnostic d = onlyError(Frontend.check("m.nnet", source));
    assertThat(d.code()).isEqualTo("E024");
    assertThat(d.message()).isEqualTo("packages under `dev.nnet.runtime` are reserved for the nnet runtime");
  }

  @Test
  void packagesThatMerelyStartLikeTheRuntimesAreFine() throws IOException {
    String source = finding("finding-2-runtime-package").replace("dev.nnet.runtime", "dev.nnet.runtimes");
    CheckResult r = Frontend.check("m.nnet", source);
    assertThat(r.model()).isPresent();
    ModelFuzzTarget.check("m.nnet", source);
  }

  @Test
  void aHugeStrideWithSamePaddingGeneratesCodeThatCompiles() throws IOException {
    String source = finding("finding-3-same-padding-stride-overflow");
    CheckResult r = Frontend.check("m.nnet", source);
    LayerSpec conv = r.model().orElseThrow().layers().get(2);
    assertThat(conv.outputShape()).isEqualTo(Shape.of(1, 3, 1)); // ⌈3 / 2147483647⌉ x ⌈3 / 1⌉
    ModelFuzzTarget.check("m.nnet", source); // generates and compiles
  }

  @ParameterizedTest(name = "model {0} in package {1}")
  @CsvSource({"runtime, dev.nnet", "nnet, dev", "ejml, org", "data, org.ejml"})
  void aClassNamedLikeAPackageOfGeneratedCodeIsRefused(String name, String pkg) throws IOException {
    String source = finding("finding-4-class-named-like-a-package")
        .replace("model runtime", "model " + name).replace("package dev.nnet", "package " + pkg);
    Diagnostic d = onlyError(Frontend.check("m.nnet", source));
    assertThat(d.code()).isEqualTo("E023");
    assertThat(d.message()).isEqualTo("model name `" + name + "` in package `" + pkg + "` would be named like the"
        + " package `" + pkg + "." + name + "`, which generated code uses");
  }

  /** Found by InjectionTest: beside a model {@code dev}, a model {@code Network} could not name its interface. */
  @ParameterizedTest(name = "model {0}")
  @CsvSource({"dev", "org", "java", "javax"})
  void aClassNamedLikeTheRootOfAPackageOfGeneratedCodeIsRefused(String name) {
    Diagnostic d = onlyError(Frontend.check("m.nnet", "model " + name + "\ninput [4]\ndense 2 softmax\n"
        + "loss sparse_categorical_crossentropy\n"));
    assertThat(d.code()).isEqualTo("E023");
    assertThat(d.message()).isEqualTo("model name `" + name + "` would hide the package `" + name + "` from generated"
        + " classes in the same package");
  }

  @Test
  void thoseNamesElsewhereAreFine() throws IOException {
    String source = finding("finding-4-class-named-like-a-package").replace("package dev.nnet", "package com.example");
    ModelFuzzTarget.check("m.nnet", source);
    assertThat(Frontend.check("m.nnet", source).model()).isPresent();
  }
}
