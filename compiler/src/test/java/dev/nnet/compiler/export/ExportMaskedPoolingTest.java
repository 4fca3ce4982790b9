package dev.nnet.compiler.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported class of a model whose global pooling skips an embedding's padding (mask_zero) computes what the
 * runtime computes on token ids with padding: max and average pooling, in a sample with padding among the steps, one
 * without, and one of padding only (pooled to 0).
 */
class ExportMaskedPoolingTest {
  private static final ModelCompiler RUNTIME = ModelCompiler.inMemory();
  private static final float[] IDS = {
    2, 0, 5, 3, 0, 0,
    1, 4, 4, 2, 3, 5,
    0, 0, 0, 0, 0, 0,
    0, 6, 0, 0, 2, 0,
  };

  @TempDir Path dir;

  @Test
  void maskedGlobalPoolingAgreesWithTheRuntime() throws Exception {
    for (String pooling : List.of("global_maxpool1d", "global_avgpool1d")) {
      String name = pooling.contains("max") ? "MaskedMax" : "MaskedAverage";
      CheckResult r = Frontend.check(name + ".nnet", "model " + name + "\npackage exported.masked\n"
          + "input tokens(length = 6)\nembedding 7 4 mask_zero = true\nactivation tanh\n" + pooling
          + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n");
      assertThat(r.diagnostics()).as(r.render()).isEmpty();
      ModelSpec m = r.model().orElseThrow();
      Network net = RUNTIME.instantiate(Generator.generate(m, GeneratorOptions.defaults()), m.qualifiedName(),
          Network.class, 4);
      Map<String, double[]> values = RandomWeights.into(net, new Rng(name.hashCode()));
      Exporter.Export e = Exporter.export(m, ExportOptions.of(m));
      assertThat(e.source().toString()).contains("ids[p] == 0");
      Path source = ExportAgainstRuntimeTest.writeTo(dir, e, values);
      try (URLClassLoader loader = StandaloneJavac.compileAlone(dir, List.of(source))) {
        Class<?> cls = loader.loadClass("exported.masked." + name);
        Object model = cls.getMethod("load").invoke(null);
        Method predict = cls.getMethod("predict", float[].class);
        net.loadBatch(new Dataset(IDS.clone(), 6, new float[0], 0, 4, List.of()), new int[] {0, 1, 2, 3}, 0, 4);
        net.forward(false);
        for (int row = 0; row < 4; row++) {
          float[] ids = java.util.Arrays.copyOfRange(IDS, row * 6, row * 6 + 6);
          float[] out = (float[]) predict.invoke(model, (Object) ids);
          for (int j = 0; j < 3; j++) {
            assertThat((double) out[j]).as("%s sample %d output %d", name, row, j)
                .isCloseTo(net.output(row, j), within(2e-6));
          }
        }
      }
    }
  }
}
