package dev.nnet.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static EpochRecord epoch(int n, double seconds, Object... keyValues) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put((String) keyValues[i], (Double) keyValues[i + 1]);
    }
    return new EpochRecord(n, seconds, values);
  }

  private static final History HISTORY = new History(
      List.of(
          epoch(1, 0.25, "loss", 1.0986, "accuracy", 0.5, "val_loss", 1.2),
          epoch(2, 0.125, "loss", 0.5, "accuracy", 1.0, "val_loss", Double.NaN),
          epoch(3, 1e-5, "loss", 2.5e-8)),
      true,
      1);

  @Test
  void csvHasOneColumnPerKeyAndEmptyCellsForMissingValues() {
    assertThat(HISTORY.toCsv())
        .isEqualTo("""
            epoch,seconds,loss,accuracy,val_loss
            1,0.25,1.0986,0.5,1.2
            2,0.125,0.5,1,
            3,1.0e-5,2.5e-8,,
            """);
  }

  @Test
  void jsonIsValidWithNullForNonFiniteValues() {
    assertThat(HISTORY.toJson())
        .isEqualTo("""
            {
              "epochs": [
                {"epoch": 1, "seconds": 0.25, "loss": 1.0986, "accuracy": 0.5, "val_loss": 1.2},
                {"epoch": 2, "seconds": 0.125, "loss": 0.5, "accuracy": 1, "val_loss": null},
                {"epoch": 3, "seconds": 1.0e-5, "loss": 2.5e-8}
              ],
              "stopped_early": true,
              "best_epoch": 1
            }
            """);
    assertThat(new History(List.of(), false, 0).toJson())
        .isEqualTo("{\n  \"epochs\": [],\n  \"stopped_early\": false,\n  \"best_epoch\": 0\n}\n");
  }

  @Test
  void keysEscapeInJson() {
    assertThat(History.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
  }
}
