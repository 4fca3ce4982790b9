package dev.nnet.cli;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompilationException;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.train.Planned;
import dev.nnet.runtime.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates a model's class, compiles it (javac runs once per distinct source: class files are cached by a hash of
 * the source under {@code ~/.cache/nnet/classes}, or {@code $NNET_CACHE}) and instantiates it; the instance carries
 * the model file's training plan.
 */
final class CompiledModel {
  private CompiledModel() {}

  static Network instantiate(ModelSpec model, int batchCapacity) {
    List<JavaFile> files = Generator.generate(model, GeneratorOptions.defaults());
    try {
      return compiler().instantiate(files, model.qualifiedName(), Network.class, batchCapacity);
    } catch (OutOfMemoryError e) {
      throw new UserError(
          "not enough memory for the buffers of " + model.name() + " with a batch of " + String.format("%,d",
              batchCapacity) + " samples (Java may use " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB):"
              + " lower the batch size (batch_size, --batch-size), or give Java more memory (NNET_JAVA_OPTS=-Xmx8g)");
    } catch (ModelCompilationException e) {
      // Generated code that does not compile is nnet's bug, never the user's: say so with javac's words.
      throw new IllegalStateException(
          "the generated code of " + model.name() + " did not compile: " + String.join("\n", e.diagnostics()), e);
    }
  }

  /** The training plan a generated network carries (its class's {@code TRAINING_PLAN}). */
  static TrainingPlan plan(Network net) {
    if (net instanceof Planned planned) {
      return planned.trainingPlan();
    }
    throw new IllegalStateException("the generated class " + net.name() + " carries no training plan");
  }

  private static ModelCompiler compiler() {
    String env = System.getenv("NNET_CACHE");
    Path cache =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "nnet", "classes");
    return ModelCompiler.cachedIn(cache);
  }
}
