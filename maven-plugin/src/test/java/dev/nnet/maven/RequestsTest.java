package dev.nnet.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.compiler.pipeline.BuildRequest;
import dev.nnet.compiler.model.Precision;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RequestsTest {
  @Test
  void carriesTheParametersOver() {
    BuildRequest r =
        Requests.of(new File("/p/src/main/nnet"), new File("/p/target/gen"), new File("/p/target/s/g.state"),
            "FLOAT64", true);
    assertThat(r.sourceDirectory()).isEqualTo(Path.of("/p/src/main/nnet"));
    assertThat(r.outputDirectory()).isEqualTo(Path.of("/p/target/gen"));
    assertThat(r.stateFile()).isEqualTo(Path.of("/p/target/s/g.state"));
    assertThat(r.options().precision()).contains(Precision.FLOAT64);
    assertThat(r.options().inputGradient()).isTrue();
  }

  @Test
  void precisionIsOptionalAndCaseInsensitive() {
    assertThat(Requests.precision(null)).isEmpty();
    assertThat(Requests.precision("  ")).isEmpty();
    assertThat(Requests.precision("float32")).contains(Precision.FLOAT32);
    assertThat(Requests.precision(" Float64 ")).contains(Precision.FLOAT64);
  }

  @Test
  void anUnknownPrecisionSaysWhatIsAllowed() {
    assertThatThrownBy(() -> Requests.precision("double"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("precision must be float32 or float64, not `double`");
  }
}
