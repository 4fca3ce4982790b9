package dev.nnet.compiler.javac;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCompilerTest {
  private static final ModelSpec MODEL = model("Tiny", 3)
      .batchSize(5)
      .dense("dense1", 4, ActivationKind.RELU)
      .dense("dense2", 2, ActivationKind.SOFTMAX)
      .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
      .build();

  @Test
  void instantiatesGeneratedNetworkAgainstTheRuntime() {
    List<JavaFile> files = Generator.generate(MODEL, GeneratorOptions.defaults());
    Network net = ModelCompiler.inMemory().instantiate(files, "test.models.Tiny", Network.class);
    assertThat(net.name()).isEqualTo("Tiny");
    assertThat(net.batchCapacity()).isEqualTo(5);
    assertThat(net.parameters()).extracting(p -> p.name())
        .containsExactly("dense1.kernel", "dense1.bias", "dense2.kernel", "dense2.bias");
    Network bigger = ModelCompiler.inMemory().instantiate(files, "test.models.Tiny", Network.class, 64);
    assertThat(bigger.batchCapacity()).isEqualTo(64);
  }

  @Test
  void javacErrorsAreReportedWithFileLineAndMessage() {
    JavaFile broken = JavaFile.builder("p", TypeSpec.classBuilder("Broken")
            .addMethod(MethodSpec.methodBuilder("f").addStatement("int x = \"text\"").build())
            .build())
        .build();
    assertThatThrownBy(() -> ModelCompiler.inMemory().compile(List.of(broken)))
        .isInstanceOf(ModelCompilationException.class)
        .hasMessageContaining("Broken.java:5:")
        .hasMessageContaining("incompatible types")
        .satisfies(e -> assertThat(((ModelCompilationException) e).diagnostics()).hasSize(1));
  }

  @Test
  void cacheReusesClassFilesForTheSameSources(@TempDir Path cache) throws Exception {
    List<JavaFile> files = Generator.generate(MODEL, GeneratorOptions.defaults());
    ModelCompiler compiler = ModelCompiler.cachedIn(cache);
    Map<String, byte[]> first = compiler.compile(files);
    assertThat(first).containsKey("test.models.Tiny");
    List<Path> entries;
    try (var list = Files.list(cache)) {
      entries = list.toList();
    }
    assertThat(entries).hasSize(1);
    Path classFile = entries.get(0).resolve("test.models.Tiny.class");
    assertThat(classFile).exists();

    // a cache hit reads the stored bytes: mark them to tell them from a fresh compilation
    byte[] marked = Files.readAllBytes(classFile);
    marked[marked.length - 1] ^= 1;
    Files.write(classFile, marked);
    assertThat(compiler.compile(files).get("test.models.Tiny")).isEqualTo(marked);

    // other sources, another entry
    ModelSpec other = model("Tiny", 3).dense("dense1", 5, ActivationKind.RELU).build();
    compiler.compile(Generator.generate(other, GeneratorOptions.defaults()));
    try (var list = Files.list(cache)) {
      assertThat(list.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(2);
    }
  }
}
