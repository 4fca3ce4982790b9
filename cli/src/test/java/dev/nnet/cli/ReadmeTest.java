package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md opens with the two commands that matter, and its model file is the sample it trains, verbatim. */
class ReadmeTest {
  private static final Path ROOT = Cli.repoRoot();

  @Test
  void opensWithTheTrainAndTestCommands() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String firstBlock = readme.substring(readme.indexOf("```sh\n") + 6, readme.indexOf("```", readme.indexOf("```sh\n") + 6));
    List<String> commands = firstBlock.lines().map(l -> l.replaceAll("\\s+#.*", "").strip()).toList();
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).startsWith("./nnet train samples/");
    assertThat(ROOT.resolve(commands.get(0).substring("./nnet train ".length()))).isRegularFile();
    assertThat(commands.get(1)).isEqualTo("mvn -B verify");
  }

  @Test
  void itsModelFileIsTheIrisSample() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("```nnet\n") + "```nnet\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    assertThat(block).isEqualTo(Files.readString(ROOT.resolve("samples/iris/iris.nnet")));
  }
}
