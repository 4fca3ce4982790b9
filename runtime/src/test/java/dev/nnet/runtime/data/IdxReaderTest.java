package dev.nnet.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxReaderTest {
  private static final Target TEN = new Target.Classes(10, List.of());
  private static final Path IMAGES = Fixtures.path("idx/good/images.idx");
  private static final Path LABELS = Fixtures.path("idx/good/labels.idx");

  @Test
  void readsImagesAndLabels() {
    Dataset d = IdxReader.read(IMAGES, LABELS, 0.5, TEN, 9);
    assertThat(d.rows()).isEqualTo(5);
    assertThat(d.featureSize()).isEqualTo(9);
    assertThat(d.features()[0]).isEqualTo(0f);
    assertThat(d.features()[44]).isEqualTo(22f); // 44 · 0.5
    assertThat(d.targets()).containsExactly(3, 1, 4, 1, 0);
    assertThat(d.classes()).hasSize(10).startsWith("0", "1");
  }

  /**
   * Unsigned-byte images are kept as bytes with their scale, and stand for the floats {@code byte · scale} (float32);
   * selecting and slicing rows keeps them bytes, with the rows asked for; standardizing makes a dataset of floats
   * and leaves the bytes as they were.
   */
  @Test
  void byteImagesStayBytesThroughSplitsAndBecomeFloatsWhenStandardized() {
    Dataset d = IdxReader.read(IMAGES, LABELS, 1 / 255.0, TEN, 9);
    assertThat(d.bytes()).isNotNull();
    float scale = (float) (1 / 255.0);
    assertThat(d.bytes().scale()).isEqualTo(scale);
    byte[] original = d.bytes().values().clone();
    float[] expected = new float[original.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) (original[i] & 0xFF) * scale;
    }
    int f = d.featureSize();
    int[] order = {4, 0, 2};
    Dataset picked = Splits.select(d, order, 0, order.length);
    Dataset sliced = Splits.slice(d, 1, 4);
    assertThat(picked.bytes()).isNotNull();
    assertThat(sliced.bytes()).isNotNull();
    for (int i = 0; i < 3; i++) {
      assertThat(Arrays.copyOfRange(picked.features(), i * f, (i + 1) * f))
          .containsExactly(Arrays.copyOfRange(expected, order[i] * f, (order[i] + 1) * f));
      assertThat(Arrays.copyOfRange(sliced.features(), i * f, (i + 1) * f))
          .containsExactly(Arrays.copyOfRange(expected, (1 + i) * f, (2 + i) * f));
      assertThat(picked.targets()[i]).isEqualTo(d.targets()[order[i]]);
    }

    Dataset standardized = Standardizer.fit(d).apply(d);
    assertThat(standardized.bytes()).isNull();
    assertThat(standardized.features()).isNotEqualTo(expected);
    assertThat(d.bytes().values()).containsExactly(original);
    assertThat(d.features()).containsExactly(expected);
  }

  @Test
  void gzipIsDetectedByContentNotName() {
    Dataset plain = IdxReader.read(IMAGES, LABELS, 1, TEN, 0);
    Dataset gz = IdxReader.read(
        Fixtures.path("idx/good/images.idx.gz"), Fixtures.path("idx/good/labels-gzipped-without-extension"), 1, TEN, 0);
    assertThat(gz.features()).containsExactly(plain.features());
    assertThat(gz.targets()).containsExactly(plain.targets());
  }

  @Test
  void withoutLabelsReadsFeaturesOnly() {
    Dataset d = IdxReader.read(IMAGES, null, 1, new Target.None(), 0);
    assertThat(d.targetSize()).isZero();
    assertThat(d.rows()).isEqualTo(5);
  }

  @Test
  void floatLabelsServeRegression() {
    Dataset d = IdxReader.read(IMAGES, Fixtures.path("idx/good/values-float.idx"), 1, new Target.Regression(1), 0);
    assertThat(d.targets()).containsExactly(0.5f, 1.5f, -2f, 3f, 4.25f);
  }

  @Test
  void classesWithoutACountComeFromTheLargestLabel() {
    Dataset d = IdxReader.read(IMAGES, LABELS, 1, new Target.Classes(0, List.of()), 0);
    assertThat(d.classes()).containsExactly("0", "1", "2", "3", "4");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      empty.idx | : too short for an IDX file (0 bytes); an IDX file starts with a 4-byte header
      too_short.idx | : too short for an IDX file (2 bytes); an IDX file starts with a 4-byte header
      bad_magic.idx | : not an IDX file: it starts with the bytes 01 02 08 03, but an IDX file starts with 00 00, a type code and the number of dimensions
      csv_as_idx.idx | : not an IDX file: it starts with the bytes 70 69 78 65 ("pixe", text: a CSV file?), but an IDX file starts with 00 00, a type code and the number of dimensions
      unknown_type.idx | , byte offset 2: unknown IDX type code 0x07; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)
      images_rank1.idx | , byte offset 3: the header declares 1 dimension, but an IDX images file has 2 to 8 (the number of samples, then each sample's shape); are the images and labels files swapped?
      zero_count.idx | , byte offset 4: dimension 1 of the header is 0; the file holds no samples
      negative_dim.idx | , byte offset 8: dimension 2 of the header is -3; sizes must be positive
      truncated_data.idx | : the header promises 5 × 3 × 3 unsigned byte values (45 bytes after the 16-byte header), but the file ends after 35 bytes of values; the file is truncated
      trailing_bytes.idx | : the header promises 5 × 3 × 3 unsigned byte values (45 bytes after the 16-byte header), but 3 more bytes follow; the header does not describe this file
      header_cut.idx | : the header is cut short: it declares 3 dimensions (12 bytes of sizes after byte 4) but the file ends after 10 bytes
      huge_header.idx | : the header's sizes (2000000000 × 28 × ...) amount to more than 2147483639 bytes of data, too large to read into memory
      truncated_data.idx.gz | : the header promises 5 × 3 × 3 unsigned byte values (45 bytes after the 16-byte header), but the decompressed data ends after 35 bytes of values; the file is truncated
      truncated.idx.gz | : the gzip data ends unexpectedly after 482 compressed bytes (35355 bytes decompressed); the file is truncated or corrupt, probably cut off while being copied or downloaded
      corrupt.idx.gz | : corrupt gzip data near compressed byte offset 323 (after 16 bytes decompressed): invalid distance too far back; the file is damaged, fetch it again
      gzip_header_only.idx.gz | : the gzip data ends unexpectedly after 10 compressed bytes (0 bytes decompressed); the file is truncated or corrupt, probably cut off while being copied or downloaded
      """)
  void malformedImageFilesAreRefused(String file, String message) {
    Path path = Fixtures.path("idx/bad/" + file);
    assertThatThrownBy(() -> IdxReader.read(path, LABELS, 1, TEN, 0))
        .isInstanceOf(DataException.class)
        .hasMessage(path + message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      labels_rank3.idx | , byte offset 3: the header declares 3 dimensions, but an IDX labels file has 1 to 2 (the number of samples); are the images and labels files swapped?
      label_out_of_range.idx | , sample 3 (byte offset 10): label 12 is not a class of the model, which has 10 classes (0..9)
      float_labels.idx | : class labels must be integers, but the file's type code is 0x0D (float)
      """)
  void malformedLabelFilesAreRefused(String file, String message) {
    Path path = Fixtures.path("idx/bad/" + file);
    assertThatThrownBy(() -> IdxReader.read(IMAGES, path, 1, TEN, 0))
        .isInstanceOf(DataException.class)
        .hasMessage(path + message);
  }

  @Test
  void countsOfImagesAndLabelsMustAgree() {
    Path labels = Fixtures.path("idx/bad/labels_4.idx");
    assertThatThrownBy(() -> IdxReader.read(IMAGES, labels, 1, TEN, 0))
        .hasMessage(labels + ": holds 4 labels but " + IMAGES + " holds 5 images; the two files must describe the same"
            + " samples");
  }

  @Test
  void sampleSizeMustFitTheModel() {
    assertThatThrownBy(() -> IdxReader.read(IMAGES, LABELS, 1, TEN, 784))
        .hasMessage(IMAGES + ": each sample has 3 × 3 = 9 values, but the model takes 784 input values per sample");
  }

  @Test
  void labelsBeyondTheKnownClassesAreRefused() {
    assertThatThrownBy(() -> IdxReader.read(IMAGES, LABELS, 1, new Target.Classes(3, List.of("a", "b", "c")), 0))
        .hasMessage(LABELS + ", sample 1 (byte offset 8): label 3 is not a class of the model, which has 3 classes (0..2)");
  }
}
