package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot}: a history CSV drawn again, and a malformed one refused at its line. */
class PlotCommandTest {
  @TempDir Path dir;

  @Test
  void historyWithValidationIsDrawnInTwoColours() throws Exception {
    Files.writeString(dir.resolve("run.history.csv"), """
        epoch,seconds,loss,mae,val_loss,val_mae
        1,0.5,1.2,0.9,1.3,1.0
        2,0.4,0.8,0.7,1.0,0.8
        3,0.4,0.5,0.5,0.9,0.7
        4,0.4,0.4,0.45,,
        """);
    Cli.Result r = Cli.run(dir, "plot", "run.history.csv");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("wrote " + dir.resolve("run.history.png"));
    Png.assertChart(dir.resolve("run.history.png"), 2, true);

    r = Cli.run(dir, "plot", "run.history.csv", "-o", "other.png", "--title", "Run 7");
    assertThat(r.exit()).as(r.toString()).isZero();
    Png.assertChart(dir.resolve("other.png"), 2, true);
  }

  @Test
  void malformedHistoryIsRefusedAtItsLine() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "epoch,seconds,loss\n1,0.1,0.5\n2,0.1,zero\n");
    Cli.Result r = Cli.run(dir, "plot", "bad.csv");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith(dir.resolve("bad.csv") + ":3: not a number");

    Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
    r = Cli.run(dir, "plot", "other.csv");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).contains(":1: not a training history");
  }
}
