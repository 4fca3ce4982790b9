package dev.nnet.compiler.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent layers after an embedding with mask_zero, exported and compiled alone, predict what the runtime
 * predicts for the same weights and token ids: padding at the end (as the text tokenizer makes it), zeros
 * anywhere, rows all padding and rows without any. A padded step keeps the state; a plain layer's sequence output
 * repeats it there and a bidirectional one's is 0, which flatten passes on to the dense layer.
 */
class MaskedRecurrentExportTest {
  private static final ModelCompiler RUNTIME = ModelCompiler.inMemory();
  private static final int SAMPLES = 40;
  private static final int LENGTH = 7;
  private static final int IDS = 9;

  /** A model and the runtime network with its random weights. */
  record Case(ModelSpec model, Network net, Map<String, double[]> values) {}

  private static final List<Case> CASES = new ArrayList<>();
  private static URLClassLoader exported;

  @TempDir static Path dir;

  @BeforeAll
  static void exportAndCompile() throws Exception {
    for (String precision : List.of("float32", "float64")) {
      String suffix = precision.equals("float32") ? "32" : "64";
      add("MaskedGru" + suffix, precision, "gru 5");
      add("MaskedStack" + suffix, precision, "bidirectional lstm(4, return_sequences = true)\ngru 3");
      add("MaskedSequences" + suffix, precision, "simple_rnn 4 return_sequences = true\ndropout 0.2\nlstm 3");
      // flatten reads every step's output, padded or not: a bidirectional layer's zeros, a plain one's repeats
      add("MaskedZeros" + suffix, precision, "bidirectional gru(3, return_sequences = true)\nflatten");
      add("MaskedRepeats" + suffix, precision, "simple_rnn 2 return_sequences = true\nflatten");
      // masked pooling after the recurrent layers leaves the padded steps out
      add("MaskedPools" + suffix, precision, "gru 4 return_sequences = true\nglobal_avgpool1d");
      add("MaskedMaxPools" + suffix, precision, "bidirectional lstm(3, return_sequences = true)\nglobal_maxpool1d");
    }
    List<Path> sources = new ArrayList<>();
    for (Case c : CASES) {
      Exporter.Export e = Exporter.export(c.model(), ExportOptions.of(c.model()));
      sources.add(ExportAgainstRuntimeTest.writeTo(dir, e, c.values()));
    }
    exported = StandaloneJavac.compileAlone(dir, sources);
  }

  private static void add(String name, String precision, String layers) {
    var r = Frontend.check(name + ".nnet", "model " + name + "\npackage exported.masked\nprecision " + precision
        + "\ninput tokens(length = " + LENGTH + ")\nembedding " + IDS + " 3 mask_zero = true\n" + layers
        + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n");
    assertThat(r.render()).isEmpty();
    ModelSpec m = r.model().orElseThrow();
    Network net = RUNTIME.instantiate(Generator.generate(m, GeneratorOptions.defaults()), m.qualifiedName(),
        Network.class, SAMPLES);
    CASES.add(new Case(m, net, RandomWeights.into(net, new Rng(name.hashCode()))));
  }

  /**
   * Token ids: the first half of the rows padded at the end (a random number of real ids, 0 to all), the second
   * half with zeros anywhere.
   */
  static float[] tokens(int rows, int length, int ids, Rng rng) {
    float[] x = new float[rows * length];
    for (int r = 0; r < rows; r++) {
      int real = r == 0 ? 0 : r == 1 ? length : (int) (rng.nextDouble() * (length + 1));
      for (int t = 0; t < length; t++) {
        boolean padded = r < rows / 2 ? t >= real : rng.nextDouble() < 0.3;
        x[r * length + t] = padded ? 0 : 1 + (int) (rng.nextDouble() * (ids - 1));
      }
    }
    return x;
  }

  @Test
  void exportedClassesAgreeWithTheRuntimeOnPaddedSequences() throws Exception {
    for (Case c : CASES) {
      ModelSpec m = c.model();
      Class<?> cls = exported.loadClass(ExportOptions.of(m).qualifiedName());
      Object model = cls.getMethod("load").invoke(null);
      Method predict = cls.getMethod("predict", float[].class);
      float[] ids = tokens(SAMPLES, LENGTH, IDS, new Rng(11));
      int[] order = new int[SAMPLES];
      Arrays.setAll(order, i -> i);
      c.net().loadBatch(new Dataset(ids, LENGTH, new float[0], 0, SAMPLES, List.of()), order, 0, SAMPLES);
      c.net().forward(false);
      double tolerance = m.precision() == Precision.FLOAT64 ? 1e-12 : 2e-6;
      double spread = 0;
      for (int r = 0; r < SAMPLES; r++) {
        Object out = predict.invoke(model, (Object) Arrays.copyOfRange(ids, r * LENGTH, (r + 1) * LENGTH));
        for (int j = 0; j < m.output().size(); j++) {
          double expected = c.net().output(r, j);
          assertThat(Array.getDouble(out, j))
              .as("%s sample %d output %d", m.name(), r, j)
              .isCloseTo(expected, within(tolerance * Math.max(1, Math.abs(expected))));
          spread = Math.max(spread, Math.abs(expected - c.net().output(0, j)));
        }
      }
      assertThat(spread).as("%s outputs vary", m.name()).isGreaterThan(1e-3);
    }
  }

  @Test
  void paddingChangesNothingButTheSkippedSteps() throws Exception {
    // The same ids with padding added at the end: a masked GRU's output is the same, which computing the padded
    // steps would change.
    Case c = CASES.get(0);
    Class<?> cls = exported.loadClass(ExportOptions.of(c.model()).qualifiedName());
    Object model = cls.getMethod("load").invoke(null);
    Method predict = cls.getMethod("predict", float[].class);
    Object short3 = predict.invoke(model, (Object) new float[] {3, 5, 2, 0, 0, 0, 0});
    Object padded = predict.invoke(model, (Object) new float[] {0, 3, 0, 5, 2, 0, 0});
    for (int j = 0; j < c.model().output().size(); j++) {
      assertThat(Array.getDouble(padded, j)).isEqualTo(Array.getDouble(short3, j));
    }
  }
}
