package dev.nnet.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.testing.Samples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReaderTest {
  private static final Target IRIS = new Target.Classes(3, List.of());
  private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

  private static Dataset read(String file, Target target) {
    return CsvReader.read(Fixtures.path(file), "", 1, target, 0);
  }

  @Test
  void readsIrisWithClassesInSortedOrder() {
    Dataset d = CsvReader.read(Samples.path("iris/iris.csv"), "species", 1, IRIS, 4);
    assertThat(d.rows()).isEqualTo(150);
    assertThat(d.featureSize()).isEqualTo(4);
    assertThat(d.classes()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(d.features()).startsWith(5.1f, 3.5f, 1.4f, 0.2f, 4.9f, 3f);
    assertThat(d.targets()[0]).isEqualTo(0f);
    assertThat(d.targets()[149]).isEqualTo(2f);
  }

  @Test
  void readsGzippedDigitsWithIntegerLabelsAsClassIndices() {
    Dataset d = CsvReader.read(Samples.path("digits/digits.csv.gz"), "", 1.0 / 16, new Target.Classes(10, List.of()), 64);
    assertThat(d.rows()).isEqualTo(1797);
    assertThat(d.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    // The first digit is a 0 whose third pixel is 5 (scaled by 1/16 on load).
    assertThat(d.targets()[0]).isEqualTo(0f);
    assertThat(d.features()[2]).isEqualTo(5f / 16);
  }

  @Test
  void readsBreastCancerAsBinaryWithSortedClasses() {
    Dataset d = CsvReader.read(Samples.path("breast_cancer/breast_cancer.csv"), "", 1, new Target.Classes(2, List.of()), 30);
    assertThat(d.rows()).isEqualTo(569);
    assertThat(d.classes()).containsExactly("benign", "malignant");
    assertThat(d.targets()[0]).isEqualTo(1f); // the first sample is malignant
  }

  @Test
  void handlesBomCrlfQuotesAndBlankLines() {
    Dataset d = CsvReader.read(Fixtures.path("csv/good/bom_crlf_quoted.csv"), "label", 1, new Target.Classes(0, List.of()), 2);
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.features()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(d.classes()).containsExactly("multi\r\nline", "x", "y \"quoted\"");
    assertThat(d.targets()).containsExactly(1, 2, 0);
  }

  @Test
  void integerLabelsWithinTheModelsClassCountAreIndices() {
    Dataset d = read("csv/good/integer_labels.csv", new Target.Classes(5, List.of()));
    assertThat(d.classes()).containsExactly("0", "1", "2", "3", "4");
    assertThat(d.targets()).containsExactly(3, 1, 3, 0);
  }

  @Test
  void otherIntegerLabelsAreClassesInNumericOrder() {
    Dataset d = read("csv/good/odd_integer_labels.csv", new Target.Classes(3, List.of()));
    assertThat(d.classes()).containsExactly("2", "7", "10"); // numeric, not "10" < "2"
    assertThat(d.targets()).containsExactly(2, 0, 2, 1);
  }

  @Test
  void knownClassesMapIntegerSpellings() {
    Dataset d = read("csv/good/odd_integer_labels.csv", new Target.Classes(3, List.of("2", "7", "10")));
    assertThat(d.targets()).containsExactly(2, 0, 2, 1);
  }

  @Test
  void regressionWithTwoNamedOutputs() {
    Dataset d = CsvReader.read(Fixtures.path("csv/good/regression.csv"), "y1, y2", 2, new Target.Regression(2), 2);
    assertThat(d.targetSize()).isEqualTo(2);
    assertThat(d.targets()).containsExactly(3.5f, -1, 4.5f, -2, 5.5f, -3);
    assertThat(d.features()).containsExactly(2, 4, 4, 6, 6, 8); // scaled by 2; labels are not
    Dataset last = read("csv/good/regression.csv", new Target.Regression(2));
    assertThat(last.targets()).containsExactly(d.targets());
  }

  @Test
  void featuresOnlyDropsANamedLabelColumn() {
    Dataset withLabel = CsvReader.read(Fixtures.path("csv/good/tiny.csv"), "species", 1, new Target.None(), 4);
    assertThat(withLabel.featureSize()).isEqualTo(4);
    assertThat(withLabel.targetSize()).isZero();
    Dataset unlabelled = CsvReader.read(Fixtures.path("csv/good/regression.csv"), "", 1, new Target.None(), 4);
    assertThat(unlabelled.featureSize()).isEqualTo(4);
  }

  @Test
  void gzippedAndPlainReadTheSame() {
    Dataset plain = read("csv/good/tiny.csv", IRIS);
    Dataset gz = read("csv/good/tiny.csv.gz", IRIS);
    assertThat(gz.features()).containsExactly(plain.features());
    assertThat(gz.targets()).containsExactly(plain.targets());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      empty.csv | : the file is empty; expected a header row naming the columns, then one row per sample
      bom_only.csv | : the file is empty; expected a header row naming the columns, then one row per sample
      blank_lines_only.csv | : the file is empty; expected a header row naming the columns, then one row per sample
      header_only.csv | : the file has a header row but no samples
      no_header.csv | , line 1: the first row (5.1, 3.5, 1.4, 0.2, 0) looks like data, not column names; nnet needs a header row naming the columns
      too_few_columns.csv | , line 4: expected 5 columns (as in the header), found 4
      too_many_columns.csv | , line 5: expected 5 columns (as in the header), found 6; is a text cell with a comma missing its quotes?
      non_numeric.csv | , line 3, column 3 (petal_length): expected a number, found "abc"
      empty_cell.csv | , line 4, column 2 (sepal_width): empty cell; expected a number (nnet does not fill in missing values: remove the row or fill in the value)
      nan_cell.csv | , line 2, column 1 (sepal_length): expected a number, found "NaN"
      hex_number.csv | , line 3, column 1 (sepal_length): expected a number, found "0x1p3"
      overflow.csv | , line 3, column 2 (sepal_width): the number 1e50 is too large for float32
      unclosed_quote.csv | , line 3, column 5: a quoted field is never closed (its opening " has no closing ")
      quote_in_unquoted.csv | , line 3, column 5: a quote inside an unquoted field; quote the whole field and write the quote as ""
      junk_after_quote.csv | , line 3, column 5: unexpected 'x' after a closing quote; expected a comma or the end of the line (write a quote inside a quoted field as "")
      duplicate_header.csv | , line 1: the column name 'a' appears twice (columns 1 and 3); column names must be unique
      empty_label.csv | , line 4, column 5 (species): the label is empty; every sample needs its class
      too_many_classes.csv | : the label column 'species' holds 4 classes (setosa, unicorn, versicolor, virginica) but the model distinguishes 3; change the model's output size or check the label column
      not_utf8.csv | , line 2: not UTF-8 text: the byte 0xE9 at byte offset 77 is not part of a valid UTF-8 sequence; nnet reads CSV files as UTF-8 (save the file as UTF-8)
      crlf_wrong_columns.csv | , line 5: expected 5 columns (as in the header), found 3
      multiline_quoted_then_bad.csv | , line 5, column 3 (petal_length): expected a number, found "x"
      only_one_column.csv | : the file has 1 column, expected at least one feature column and 1 label column (the last)
      bad_column.csv.gz | , line 5: expected 5 columns (as in the header), found 3
      truncated.csv.gz | : the gzip data ends unexpectedly after 162 compressed bytes (5602 bytes decompressed); the file is truncated or corrupt, probably cut off while being copied or downloaded
      corrupt.csv.gz | : corrupt gzip data near compressed byte offset 111 (after 0 bytes decompressed): invalid distance too far back; the file is damaged, fetch it again
      """)
  void malformedFilesAreRefusedWithTheirPlace(String file, String message) {
    Path path = Fixtures.path("csv/bad/" + file);
    assertThatThrownBy(() -> CsvReader.read(path, "", 1, IRIS, 0))
        .isInstanceOf(DataException.class)
        .hasMessage(path + message);
  }

  @Test
  void unseenLabelAtEvaluationTime() {
    Path path = Fixtures.path("csv/bad/unseen_label.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "", 1, new Target.Classes(3, SPECIES), 0))
        .hasMessage(path + ", line 4, column 5 (species): unknown class 'unicorn'; the model was trained on the classes"
            + " setosa, versicolor, virginica");
  }

  @Test
  void regressionLabelMustBeANumber() {
    Path path = Fixtures.path("csv/bad/regression_text_label.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "", 1, new Target.Regression(1), 0))
        .hasMessage(path + ", line 3, column 3 (y): expected a number as the regression target, found \"high\"");
  }

  @Test
  void missingLabelColumnSuggestsTheClosestName() {
    Path path = Fixtures.path("csv/good/tiny.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "specis", 1, IRIS, 0))
        .hasMessage(path + ": no column named 'specis' (did you mean 'species'?); the columns are: sepal_length,"
            + " sepal_width, petal_length, petal_width, species");
    assertThatThrownBy(() -> CsvReader.read(path, "colour", 1, IRIS, 0))
        .hasMessage(path + ": no column named 'colour'; the columns are: sepal_length, sepal_width, petal_length,"
            + " petal_width, species");
  }

  @Test
  void featureCountMustFitTheModel() {
    Path path = Fixtures.path("csv/good/tiny.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "species", 1, IRIS, 3))
        .hasMessage(path + ": the model takes 3 input values per sample, but the file has 4 feature columns besides"
            + " the label column 'species' (sepal_length, sepal_width, petal_length, petal_width); change the"
            + " model's input shape, or choose another label column");
    assertThatThrownBy(() -> CsvReader.read(path, "", 1, new Target.None(), 4))
        .hasMessage(path + ": the model takes 4 input values per sample, but the file has 5 feature columns"
            + " (sepal_length, sepal_width, petal_length, petal_width, species); if one of them is the label, name it"
            + " as the label column");
  }

  @Test
  void labelCountMustMatchTheOutputs() {
    Path path = Fixtures.path("csv/good/regression.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "y1", 1, new Target.Regression(2), 0))
        .hasMessage(path + ": the model has 2 outputs but 1 label column is named ('y1'); name one label column per"
            + " output, separated by commas");
  }

  @Test
  void missingFileIsNamed() {
    Path path = Fixtures.path("csv/good").resolve("nope.csv");
    assertThatThrownBy(() -> CsvReader.read(path, "", 1, IRIS, 0)).hasMessage(path + ": no such file");
  }

  @Test
  void numbersAreStrictDecimals() {
    assertThat(CsvText.isNumber("-1.5e-3")).isTrue();
    assertThat(CsvText.isNumber(".5")).isTrue();
    assertThat(CsvText.isNumber("5.")).isTrue();
    assertThat(CsvText.isNumber("+7")).isTrue();
    for (String bad : List.of("", ".", "-", "1e", "1e+", "Infinity", "NaN", "1f", "0x10", "1,5", "١٢")) {
      assertThat(CsvText.isNumber(bad)).as(bad).isFalse();
    }
  }
}
