package dev.nnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.pipeline.ModelReport.Status;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real model files with the real front end and generator, in a temporary project. */
class ModelBuilderTest {
  /** No build can produce this time: a file that still has it after a build was not rewritten. */
  private static final FileTime OLD = FileTime.fromMillis(978_307_200_000L);

  private static final String TINY =
      """
      model Tiny
      input [4]
      dense 8 relu
      dense 3 softmax
      loss sparse_categorical_crossentropy
      optimizer adam
      """;

  @TempDir Path project;
  private Path src;
  private Path out;
  private Path state;

  @BeforeEach
  void layout() {
    src = project.resolve("src/main/nnet");
    out = project.resolve("target/generated-sources/nnet");
    state = project.resolve("target/nnet-state/generate.state");
  }

  private BuildResult build() throws IOException {
    return build(GeneratorOptions.defaults());
  }

  private BuildResult build(GeneratorOptions options) throws IOException {
    return ModelBuilder.build(new BuildRequest(src, out, state, options));
  }

  private Path model(String relative, String text) throws IOException {
    Path file = src.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static void backdate(Path file) throws IOException {
    Files.setLastModifiedTime(file, OLD);
  }

  private static String tinyNamed(String name) {
    return TINY.replace("model Tiny", "model " + name);
  }

  @Test
  void generatesIntoTheFoldersPackage() throws IOException {
    Path model = model("com/acme/Tiny.nnet", TINY);
    BuildResult result = build();

    Path java = out.resolve("com/acme/Tiny.java");
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.models())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.file()).isEqualTo(model);
              assertThat(m.status()).isEqualTo(Status.COMPILED);
              assertThat(m.outputs()).containsExactly(java);
            });
    assertThat(result.written()).containsExactly(java);
    assertThat(Files.readString(java)).containsPattern("(?m)^package com\\.acme;$").contains("class Tiny");
    assertThat(Files.readString(state)).contains("com/acme/Tiny.nnet").contains("com/acme/Tiny.java");
  }

  @Test
  void aModelAtTheRootIsInTheUnnamedPackage() throws IOException {
    model("Tiny.nnet", TINY);
    build();
    assertThat(Files.readString(out.resolve("Tiny.java"))).doesNotContainPattern("(?m)^package ");
  }

  @Test
  void thePackageTheModelNamesWinsOverItsFolder() throws IOException {
    model("my-models/Tiny.nnet", TINY.replace("input [4]", "package com.acme.nets\ninput [4]"));
    BuildResult result = build();
    assertThat(result.hasErrors()).isFalse();
    assertThat(out.resolve("com/acme/nets/Tiny.java")).isRegularFile();
    assertThat(out.resolve("my-models")).doesNotExist();
  }

  @Test
  void aFolderThatIsNoPackageIsAnErrorWhenTheModelNamesNone() throws IOException {
    Path model = model("my-models/Tiny.nnet", TINY);
    BuildResult result = build();
    assertThat(result.hasErrors()).isTrue();
    Diagnostic d = result.models().get(0).diagnostics().get(0);
    assertThat(d.code()).isEqualTo(ModelBuilder.E_FOLDER_NOT_PACKAGE);
    assertThat(d.headline()).startsWith(model + ":1:1: error[E090]: the folder `my-models` is not a Java package");
    assertThat(out).doesNotExist();
  }

  @Test
  void aSecondBuildWithNoChangeRewritesNothing() throws IOException {
    model("com/acme/Tiny.nnet", TINY);
    build();
    Path java = out.resolve("com/acme/Tiny.java");
    backdate(java);
    backdate(state);

    BuildResult again = build();
    assertThat(again.models()).extracting(ModelReport::status).containsExactly(Status.UP_TO_DATE);
    assertThat(again.models().get(0).outputs()).containsExactly(java);
    assertThat(again.written()).isEmpty();
    assertThat(Files.getLastModifiedTime(java)).isEqualTo(OLD);
    assertThat(Files.getLastModifiedTime(state)).isEqualTo(OLD);
  }

  @Test
  void aChangeThatDoesNotChangeTheCodeRecompilesButDoesNotRewrite() throws IOException {
    Path model = model("com/acme/Tiny.nnet", TINY);
    build();
    Path java = out.resolve("com/acme/Tiny.java");
    backdate(java);

    Files.writeString(model, "# a comment changes the text, not the model\n" + TINY);
    BuildResult result = build();
    assertThat(result.models()).extracting(ModelReport::status).containsExactly(Status.COMPILED);
    assertThat(result.written()).isEmpty();
    assertThat(Files.getLastModifiedTime(java)).isEqualTo(OLD);

    // And the new text is now the recorded one.
    assertThat(build().models()).extracting(ModelReport::status).containsExactly(Status.UP_TO_DATE);
  }

  @Test
  void aChangedModelIsRewritten() throws IOException {
    Path model = model("com/acme/Tiny.nnet", TINY);
    build();
    Path java = out.resolve("com/acme/Tiny.java");
    String before = Files.readString(java);
    backdate(java);

    Files.writeString(model, TINY.replace("dense 8 relu", "dense 16 relu"));
    BuildResult result = build();
    assertThat(result.written()).containsExactly(java);
    assertThat(Files.getLastModifiedTime(java)).isNotEqualTo(OLD);
    assertThat(Files.readString(java)).isNotEqualTo(before);
  }

  @Test
  void changedOptionsRecompile() throws IOException {
    model("Tiny.nnet", TINY);
    build();
    String float32 = Files.readString(out.resolve("Tiny.java"));

    GeneratorOptions float64 = new GeneratorOptions(Optional.of(Precision.FLOAT64), false);
    BuildResult result = build(float64);
    assertThat(result.models()).extracting(ModelReport::status).containsExactly(Status.COMPILED);
    assertThat(Files.readString(out.resolve("Tiny.java"))).isNotEqualTo(float32);
    assertThat(build(float64).models()).extracting(ModelReport::status).containsExactly(Status.UP_TO_DATE);
  }

  @Test
  void anotherCompilerRecompilesButRewritesOnlyWhatChanged() throws IOException {
    model("Tiny.nnet", TINY);
    BuildRequest request = new BuildRequest(src, out, state, GeneratorOptions.defaults());
    new ModelBuilder(request, "compiler-a").run();
    backdate(out.resolve("Tiny.java"));

    assertThat(new ModelBuilder(request, "compiler-a").run().models())
        .extracting(ModelReport::status)
        .containsExactly(Status.UP_TO_DATE);
    BuildResult other = new ModelBuilder(request, "compiler-b").run();
    assertThat(other.models()).extracting(ModelReport::status).containsExactly(Status.COMPILED);
    assertThat(other.written()).isEmpty();
    assertThat(Files.getLastModifiedTime(out.resolve("Tiny.java"))).isEqualTo(OLD);
  }

  @Test
  void anEditedOrMissingGeneratedFileIsRegenerated() throws IOException {
    model("Tiny.nnet", TINY);
    build();
    Path java = out.resolve("Tiny.java");
    String generated = Files.readString(java);

    Files.writeString(java, generated + "// edited by hand\n");
    assertThat(build().written()).containsExactly(java);
    assertThat(Files.readString(java)).isEqualTo(generated);

    Files.delete(java);
    assertThat(build().written()).containsExactly(java);
    assertThat(Files.readString(java)).isEqualTo(generated);
  }

  @Test
  void aDeletedModelsClassIsDeletedWithItsEmptyFolders() throws IOException {
    Path gone = model("com/acme/old/Gone.nnet", tinyNamed("Gone"));
    model("com/acme/Tiny.nnet", TINY);
    build();
    Path goneJava = out.resolve("com/acme/old/Gone.java");
    assertThat(goneJava).isRegularFile();

    Files.delete(gone);
    BuildResult result = build();
    assertThat(result.deleted()).containsExactly(goneJava);
    assertThat(out.resolve("com/acme/old")).doesNotExist();
    assertThat(out.resolve("com/acme/Tiny.java")).isRegularFile();
    assertThat(Files.readString(state)).doesNotContain("Gone");
  }

  @Test
  void aRenamedModelClassReplacesTheOldFile() throws IOException {
    Path model = model("Tiny.nnet", TINY);
    build();
    Files.writeString(model, tinyNamed("Small"));
    BuildResult result = build();
    assertThat(result.written()).containsExactly(out.resolve("Small.java"));
    assertThat(result.deleted()).containsExactly(out.resolve("Tiny.java"));
  }

  @Test
  void withNoSourceFolderEverythingGeneratedBeforeIsDeleted() throws IOException {
    model("Tiny.nnet", TINY);
    build();
    Files.delete(src.resolve("Tiny.nnet"));
    Files.delete(src);
    BuildResult result = build();
    assertThat(result.models()).isEmpty();
    assertThat(result.deleted()).containsExactly(out.resolve("Tiny.java"));
  }

  @Test
  void aBrokenModelFailsWithItsAbsolutePathAndKeepsItsLastGoodClass() throws IOException {
    Path model = model("com/acme/Tiny.nnet", TINY);
    model("com/acme/Other.nnet", tinyNamed("Other"));
    build();
    Path java = out.resolve("com/acme/Tiny.java");
    backdate(java);

    Files.writeString(model, TINY.replace("dense 3 softmax", "dense 3 sofmax"));
    BuildResult broken = build();
    assertThat(broken.hasErrors()).isTrue();
    assertThat(broken.errorCount()).isEqualTo(1);
    ModelReport report =
        broken.models().stream().filter(m -> m.file().equals(model)).findFirst().orElseThrow();
    assertThat(report.status()).isEqualTo(Status.FAILED);
    assertThat(report.diagnostics().get(0).headline()).startsWith(model + ":4:9: error[");
    assertThat(report.rendered().get(0)).contains("dense 3 sofmax").contains("^");
    assertThat(report.outputs()).containsExactly(java);
    assertThat(java).isRegularFile();
    assertThat(broken.deleted()).isEmpty();

    // Put back as it was: its recorded class is still right, so nothing is done.
    Files.writeString(model, TINY);
    BuildResult fixed = build();
    assertThat(fixed.hasErrors()).isFalse();
    assertThat(fixed.models()).extracting(ModelReport::status).containsOnly(Status.UP_TO_DATE);
    assertThat(Files.getLastModifiedTime(java)).isEqualTo(OLD);
  }

  @Test
  void twoModelsMayNotGenerateTheSameClass() throws IOException {
    model("com/acme/Tiny.nnet", TINY);
    Path second = model("other/Tiny.nnet", TINY.replace("input [4]", "package com.acme\ninput [4]"));
    BuildResult result = build();
    assertThat(result.errorCount()).isEqualTo(1);
    ModelReport report = result.models().stream().filter(m -> m.file().equals(second)).findFirst().orElseThrow();
    assertThat(report.diagnostics().get(0).code()).isEqualTo(ModelBuilder.E_DUPLICATE_CLASS);
    assertThat(report.diagnostics().get(0).message()).contains("com/acme/Tiny.nnet also generates");
  }

  @Test
  void classesDifferingOnlyInCaseCollideToo() throws IOException {
    model("a/Tiny.nnet", TINY.replace("input [4]", "package p\ninput [4]"));
    model("b/TINY.nnet", tinyNamed("TINY").replace("input [4]", "package p\ninput [4]"));
    BuildResult result = build();
    assertThat(result.errorCount()).isEqualTo(1);
    assertThat(result.models().get(1).diagnostics().get(0).code()).isEqualTo(ModelBuilder.E_DUPLICATE_CLASS);
  }

  @Test
  void aModelWithWarningsIsCheckedOnEveryBuildSoTheyShowEachTime() throws IOException {
    model("Warned.nnet", TINY.replace("model Tiny", "model Warned").replace("dense 8 relu", "flatten\ndense 8 relu"));
    BuildResult first = build();
    assertThat(first.hasErrors()).isFalse();
    assertThat(first.warningCount()).isEqualTo(1);
    backdate(out.resolve("Warned.java"));

    BuildResult second = build();
    assertThat(second.models()).extracting(ModelReport::status).containsExactly(Status.COMPILED);
    assertThat(second.warningCount()).isEqualTo(1);
    assertThat(second.written()).isEmpty();
    assertThat(Files.getLastModifiedTime(out.resolve("Warned.java"))).isEqualTo(OLD);
  }

  @Test
  void aFileThatIsNotUtf8IsAnError() throws IOException {
    Path model = src.resolve("Bad.nnet");
    Files.createDirectories(src);
    Files.write(model, new byte[] {'m', 'o', 'd', 'e', 'l', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    BuildResult result = build();
    assertThat(result.models().get(0).diagnostics())
        .singleElement()
        .satisfies(
            d -> assertThat(d.headline()).isEqualTo(model + ":1:1: error[E001]: the model file is not UTF-8 text"));
  }

  @Test
  void neverDeletesOutsideTheOutputDirectoryWhateverTheStateFileSays() throws IOException {
    model("Tiny.nnet", TINY);
    build();
    Path victim = Files.writeString(project.resolve("victim.txt"), "keep me", StandardCharsets.UTF_8);
    String forged =
        Files.readString(state) + "model 00 Forged.nnet\nfile 00 ../../victim.txt\nfile 00 ../../../victim.txt\n";
    Files.writeString(state, forged);

    BuildResult result = build();
    assertThat(result.deleted()).isEmpty();
    assertThat(victim).hasContent("keep me");
  }

  @Test
  void modelsAreReportedInPathOrder() throws IOException {
    model("b/B.nnet", tinyNamed("B"));
    model("a/A.nnet", tinyNamed("A"));
    model("a/z/Z.nnet", tinyNamed("Z"));
    List<String> names =
        build().models().stream().map(m -> src.relativize(m.file()).toString().replace('\\', '/')).toList();
    assertThat(names).containsExactly("a/A.nnet", "a/z/Z.nnet", "b/B.nnet");
  }
}
