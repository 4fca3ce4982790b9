package dev.nnet.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What users copy must name this build's version: the README's pom snippet and the sample project. The build passes
 * the version and the repository root as system properties (see the surefire configuration).
 */
class CoordinatesTest {
  private static final String VERSION = System.getProperty("nnet.version");
  private static final Path ROOT = Path.of(System.getProperty("nnet.root", "..")).toAbsolutePath().normalize();

  /** The versions given to {@code dev.nnet:artifactId} in {@code text}, in order; whitespace does not matter. */
  static List<String> versionsOf(String artifactId, String text) {
    Pattern block =
        Pattern.compile(
            "<groupId>\\s*dev\\.nnet\\s*</groupId>\\s*<artifactId>\\s*"
                + Pattern.quote(artifactId)
                + "\\s*</artifactId>\\s*<version>\\s*([^<\\s]+)\\s*</version>");
    List<String> versions = new ArrayList<>();
    Matcher m = block.matcher(text);
    while (m.find()) {
      versions.add(m.group(1));
    }
    return versions;
  }

  @Test
  void theVersionIsKnown() {
    assertThat(VERSION).as("system property nnet.version").isNotBlank().doesNotContain("${");
  }

  @Test
  void findsCoordinatesWhateverTheLayout() {
    String pom = "<plugin>\n  <groupId>dev.nnet</groupId>\n\t<artifactId>nnet-maven-plugin</artifactId>"
        + "<version> 1.2.3 </version></plugin><groupId>dev.nnet</groupId><artifactId>nnet-runtime</artifactId>"
        + "<version>9</version>";
    assertThat(versionsOf("nnet-maven-plugin", pom)).containsExactly("1.2.3");
    assertThat(versionsOf("nnet-runtime", pom)).containsExactly("9");
    assertThat(versionsOf("nnet-compiler", pom)).isEmpty();
  }

  @Test
  void theReadmeShowsThePluginAtThisVersion() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(versionsOf("nnet-maven-plugin", readme))
        .as("README.md shows the plugin's coordinates")
        .isNotEmpty()
        .containsOnly(VERSION);
    assertThat(versionsOf("nnet-runtime", readme)).containsOnly(VERSION);
  }

  @Test
  void theSampleProjectNamesThisVersion() throws IOException {
    String pom = Files.readString(ROOT.resolve("samples/maven-consumer/pom.xml"));
    Matcher m = Pattern.compile("<nnet\\.version>\\s*([^<\\s]+)\\s*</nnet\\.version>").matcher(pom);
    assertThat(m.find()).as("samples/maven-consumer/pom.xml sets <nnet.version>").isTrue();
    assertThat(m.group(1)).isEqualTo(VERSION);
  }
}
