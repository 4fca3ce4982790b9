package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Main;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code --help} describes every command and every option; a usage mistake (unknown option, missing file, missing
 * parameter) prints one line saying what is wrong, then the usage, and exits with 2.
 */
class HelpAndUsageTest {
  @TempDir Path dir;

  private static final List<String> COMMANDS =
      List.of("check", "summary", "generate", "train", "evaluate", "predict", "export", "plot", "init");

  @Test
  void topLevelHelpListsEveryCommand() {
    Cli.Result r = Cli.run(dir, "--help");
    assertThat(r.exit()).isZero();
    for (String c : COMMANDS) {
      assertThat(r.out()).as(r.toString()).containsPattern("(?m)^\\s+" + c + "\\s+\\S");
    }
  }

  @Test
  void everyCommandsHelpDescribesEveryOptionAndParameter() {
    CommandSpec root = Main.commands();
    assertThat(root.subcommands().keySet()).containsAll(COMMANDS);
    for (String name : COMMANDS) {
      CommandSpec command = root.subcommands().get(name).getCommandSpec();
      Cli.Result r = Cli.run(dir, name, "--help");
      assertThat(r.exit()).as(name).isZero();
      assertThat(r.err()).as(name).isEmpty();
      assertThat(command.usageMessage().description()).as(name + " has a description").isNotEmpty();
      for (OptionSpec o : command.options()) {
        assertThat(o.description()).as(name + " " + o.longestName() + " has a description").isNotEmpty();
        assertThat(String.join(" ", o.description())).as(name + " " + o.longestName()).isNotBlank();
        for (String n : o.names()) {
          assertThat(r.out()).as(name + " --help mentions " + n).contains(n);
        }
        // The first words of the description appear (the help wraps long lines).
        String firstWords = String.join(" ", List.of(o.description()[0].split(" ")).subList(0,
            Math.min(3, o.description()[0].split(" ").length)));
        assertThat(r.out().replaceAll("\\s+", " ")).as(name + " " + o.longestName()).contains(firstWords);
      }
      for (PositionalParamSpec p : command.positionalParameters()) {
        assertThat(p.description()).as(name + " " + p.paramLabel()).isNotEmpty();
        assertThat(r.out()).contains(p.paramLabel());
      }
    }
  }

  @Test
  void unknownOptionIsOneLineThenUsageExit2() {
    Cli.Result r = Cli.run(dir, "summary", "model.nnet", "--bogus");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst()).hasValue("nnet: Unknown option: '--bogus'");
    assertThat(r.err()).contains("Usage: nnet summary");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownOptionIsReportedBeforeTheMissingParameterItCaused() {
    Cli.Result r = Cli.run(dir, "train", "--epocs", "3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("nnet: Unknown option: '--epocs'");
    assertThat(r.err()).contains("Usage: nnet train");
  }

  @Test
  void missingFilesAreOneLineThenUsageExit2() {
    for (String[] args : List.of(
        new String[] {"summary", "nowhere.nnet"},
        new String[] {"train", "nowhere.nnet"},
        new String[] {"evaluate", "nowhere.nnet", "--weights", "w"},
        new String[] {"export", "nowhere.nnet", "--weights", "w", "-d", "out"},
        new String[] {"plot", "nowhere.history.csv"})) {
      Cli.Result r = Cli.run(dir, args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      String first = r.err().lines().findFirst().orElseThrow();
      assertThat(first).as(r.toString()).startsWith("nnet: ").contains("not found: ").contains("nowhere");
      assertThat(r.err()).contains("Usage: nnet " + args[0]);
    }
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run(dir);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst()).hasValue("nnet: a command is required");
  }

  @Test
  void versionIsTheProjects() throws Exception {
    Cli.Result r = Cli.run(dir, "--version");
    assertThat(r.exit()).isZero();
    String pom = java.nio.file.Files.readString(Cli.repoRoot().resolve("pom.xml"));
    String version =
        pom.replaceAll("(?s).*?<artifactId>nnet-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    assertThat(r.out().strip()).isEqualTo("nnet " + version);
  }
}
