package dev.nnet.compiler.export;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights file: its documented layout, and the exported class refusing every kind of bad file with a reason. */
class WeightsFileTest {
  private static final ModelSpec SMALL = model("Small", 3)
      .javaPackage("exported.small")
      .dense("hidden", 4, ActivationKind.RELU)
      .dense("out", 2, ActivationKind.SOFTMAX)
      .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
      .build();
  private static final ExportOptions OPTIONS = ExportOptions.of(SMALL).withStandardization(true);

  private static Exporter.Export export;
  private static byte[] good;
  private static URLClassLoader loader;

  @TempDir static Path dir;

  @BeforeAll
  static void exportOnce() throws Exception {
    export = Exporter.export(SMALL, OPTIONS);
    Map<String, double[]> values = new LinkedHashMap<>();
    for (WeightArray a : export.arrays()) {
      double[] v = new double[a.length()];
      Arrays.fill(v, 0.5);
      values.put(a.name(), v);
    }
    good = export.weights(values);
    Path source = ExportAgainstRuntimeTest.writeTo(dir, export, values);
    loader = StandaloneJavac.compileAlone(dir, List.of(source));
  }

  @Test
  void layoutIsAsDocumented() throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(good));
    assertThat(in.readInt()).isEqualTo(0x4E4E5754);
    assertThat(in.readInt()).isEqualTo(1);
    assertThat(in.readUTF()).isEqualTo("Small");
    assertThat(in.readInt()).isEqualTo(6);
    assertThat(in.readUTF()).isEqualTo("standardizer.mean");
    assertThat(in.readByte()).isEqualTo((byte) 4);
    assertThat(in.readInt()).isEqualTo(3);
    assertThat(in.readFloat()).isEqualTo(0.5f);
    CRC32 crc = new CRC32();
    crc.update(good, 0, good.length - 8);
    long stored = new DataInputStream(new ByteArrayInputStream(good, good.length - 8, 8)).readLong();
    assertThat(stored).isEqualTo(crc.getValue());
  }

  @Test
  void exportIsDeterministic() {
    assertThat(Exporter.export(SMALL, OPTIONS).source().toString()).isEqualTo(export.source().toString());
  }

  @Test
  void goodFileLoads() throws Exception {
    Object model = construct(good);
    float[] p = (float[]) model.getClass().getMethod("predict", float[].class).invoke(model, (Object) new float[3]);
    assertThat(p[0] + p[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
  }

  @Test
  void flippedByteFailsTheChecksum() {
    byte[] bad = good.clone();
    bad[bad.length - 12] ^= 0x10; // inside the last array's values, before the checksum
    assertThat(readError(bad)).hasMessage("the weights file is corrupt: its checksum does not match");
  }

  @Test
  void truncatedFileIsSaidToBe() {
    assertThat(readError(Arrays.copyOf(good, good.length - 9))).hasMessage("the weights file is truncated");
  }

  @Test
  void otherFilesAreRefusedByTheirFirstBytes() {
    assertThat(readError("model Iris\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessage("not an nnet weights file: it does not start with NNWT");
  }

  @Test
  void anotherModelsWeightsAreRefusedByName() {
    ModelSpec other = model("Small", 3).javaPackage("exported.small")
        .dense("hidden", 5, ActivationKind.RELU)
        .dense("out", 2, ActivationKind.SOFTMAX)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .build();
    Exporter.Export e = Exporter.export(other, OPTIONS);
    Map<String, double[]> values = new LinkedHashMap<>();
    for (WeightArray a : e.arrays()) {
      values.put(a.name(), new double[a.length()]);
    }
    assertThat(readError(e.weights(values))).hasMessage(
        "the weights file holds hidden.kernel (15 float32 values) where hidden.kernel (12 float32 values) belongs:"
            + " it was exported from another model");
  }

  @Test
  void missingValuesAreRefusedWhenEncoding() {
    assertThatThrownBy(() -> export.weights(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no values for standardizer.mean");
  }

  @Test
  void missingResourceIsNamed() throws Exception {
    Path weights = export.weightsPath(dir);
    Path moved = weights.resolveSibling("moved.bin");
    Files.move(weights, moved);
    try (URLClassLoader fresh = StandaloneJavac.loader(dir)) {
      Throwable t = catchThrowable(() -> fresh.loadClass("exported.small.Small").getMethod("load").invoke(null));
      assertThat(t).isInstanceOf(InvocationTargetException.class);
      assertThat(t.getCause()).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Small.weights.bin not found beside exported.small.Small");
    } finally {
      Files.move(moved, weights);
    }
  }

  private static Object construct(byte[] bytes) throws Exception {
    Class<?> cls = loader.loadClass("exported.small.Small");
    return cls.getConstructor(java.io.InputStream.class).newInstance(new ByteArrayInputStream(bytes));
  }

  private static Throwable readError(byte[] bytes) {
    Throwable t = catchThrowable(() -> construct(bytes));
    assertThat(t).isInstanceOf(InvocationTargetException.class);
    assertThat(t.getCause()).isInstanceOf(IOException.class);
    return t.getCause();
  }
}
