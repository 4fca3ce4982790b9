package dev.nnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.pipeline.BuildState.Entry;
import dev.nnet.compiler.pipeline.BuildState.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {
  @TempDir Path temp;

  private final Path source = Path.of("/project/src/main/nnet");
  private final Path output = Path.of("/project/target/generated-sources/nnet");

  private BuildState sample() {
    return new BuildState(
        source,
        output,
        Map.of(
            "com/acme/Iris.nnet",
            new Entry("k1", List.of(new Output("com/acme/Iris.java", "h1"))),
            "odd name\\with\nnewline.nnet",
            new Entry(BuildState.ALWAYS_CHECK, List.of(new Output("Odd.java", "h2"), new Output("Odd2.java", "h3")))));
  }

  @Test
  void roundTripsThroughAFile() throws IOException {
    Path file = temp.resolve("state/generate.state");
    sample().write(file);
    assertThat(BuildState.read(file, source, output)).isEqualTo(sample());
  }

  @Test
  void rendersInPathOrderAndIsStable() {
    String text = sample().render();
    assertThat(text)
        .startsWith(
            BuildState.HEADER
                + "\nsource /project/src/main/nnet\noutput /project/target/generated-sources/nnet\n")
        .contains("model k1 com/acme/Iris.nnet\nfile h1 com/acme/Iris.java\n")
        .contains("model - odd name\\\\with\\nnewline.nnet\n");
    assertThat(text.indexOf("com/acme")).isLessThan(text.indexOf("odd name"));
    assertThat(sample().render()).isEqualTo(text);
  }

  @Test
  void readsAsEmptyWhenMissingMalformedOrForOtherDirectories() throws IOException {
    Path file = temp.resolve("generate.state");
    assertThat(BuildState.read(file, source, output).models()).isEmpty();

    sample().write(file);
    assertThat(BuildState.read(file, source, Path.of("/elsewhere")).models()).isEmpty();
    assertThat(BuildState.read(file, Path.of("/elsewhere"), output).models()).isEmpty();

    Files.writeString(file, sample().render().replace("file h1", "fiel h1"));
    assertThat(BuildState.read(file, source, output).models()).isEmpty();
    Files.writeString(file, sample().render().replace(BuildState.HEADER, "nnet-build-state 0"));
    assertThat(BuildState.read(file, source, output).models()).isEmpty();
    Files.writeString(file, sample().render() + "model k9 dangling\\");
    assertThat(BuildState.read(file, source, output).models()).isEmpty();
  }

  @Test
  void doesNotRewriteAnUnchangedFile() throws IOException {
    Path file = temp.resolve("generate.state");
    sample().write(file);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
    sample().write(file);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(1_000_000L);
    try (var files = Files.list(temp)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void escapesRoundTrip() {
    for (String s : List.of("", "plain", "a\\b", "a\nb\rc", "\\n", "trailing\\")) {
      assertThat(BuildState.unescape(BuildState.escape(s))).isEqualTo(s);
    }
  }
}
