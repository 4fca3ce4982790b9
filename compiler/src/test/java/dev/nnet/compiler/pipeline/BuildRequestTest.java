package dev.nnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.compiler.codegen.GeneratorOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildRequestTest {
  @Test
  void makesPathsAbsoluteAndNormal() {
    BuildRequest r =
        new BuildRequest(Path.of("src/../src/nnet"), Path.of("out"), Path.of("state"), GeneratorOptions.defaults());
    assertThat(r.sourceDirectory()).isAbsolute().isEqualTo(Path.of("src/nnet").toAbsolutePath());
    assertThat(r.outputDirectory()).isAbsolute();
    assertThat(r.stateFile()).isAbsolute();
  }

  @Test
  void refusesAStateFileInsideTheOutputDirectory() {
    assertThatThrownBy(
            () -> new BuildRequest(Path.of("/p/src"), Path.of("/p/out"), Path.of("/p/out/x.state"),
                GeneratorOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be inside the output directory");
  }
}
