package dev.nnet.benchmarks;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.Planned;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A sample model made ready to train the way {@code nnet train} does: checked, generated, compiled in memory, its
 * data prepared in memory. The benchmark then drives the real runtime (generated class, {@code Trainer}, optimizer)
 * directly, so that what it times is the training loop and nothing else.
 * Its settings are the generated class's training plan, as {@code nnet train} reads them.
 */
final class Sample {
  final ModelSpec spec;
  final PreparedData data;
  final TrainingPlan plan;
  private final Class<? extends Network> type;
  private final MethodHandle predict;

  private Sample(
      ModelSpec spec, PreparedData data, TrainingPlan plan, Class<? extends Network> type, MethodHandle predict) {
    this.spec = spec;
    this.data = data;
    this.plan = plan;
    this.type = type;
    this.predict = predict;
  }

  /** Checks, generates and compiles {@code modelFile}, and loads its data. */
  static Sample load(Path modelFile) throws ReflectiveOperationException {
    CheckResult result = Frontend.check(modelFile);
    if (result.hasErrors()) {
      throw new IllegalArgumentException(result.render());
    }
    ModelSpec spec = result.model().orElseThrow();
    Class<? extends Network> type = ModelCompiler.inMemory()
        .load(Generator.generate(spec, GeneratorOptions.defaults()), spec.qualifiedName())
        .asSubclass(Network.class);
    MethodHandle predict = MethodHandles.publicLookup()
        .findVirtual(type, "predict", MethodType.methodType(void.class, float[].class, float[].class))
        .asType(MethodType.methodType(void.class, Network.class, float[].class, float[].class));
    Path base = modelFile.toAbsolutePath().getParent();
    Network probe = type.getConstructor(int.class).newInstance(1);
    TrainingPlan plan = ((Planned) probe).trainingPlan();
    PreparedData data = Training.of(probe, plan).loadData(base);
    return new Sample(spec, data, plan, type, predict);
  }

  /** A new instance of the generated class for batches up to {@code batch}, initialized from the model's seed. */
  Network network(int batch) throws ReflectiveOperationException {
    Network net = type.getConstructor(int.class).newInstance(batch);
    net.initialize(plan.train().seed());
    return net;
  }

  /** The generated class's {@code predict(float[] sample, float[] result)}, the batch-1 inference entry point. */
  void predict(Network net, float[] sample, float[] result) {
    try {
      predict.invokeExact(net, sample, result);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  TaskType task() {
    return plan.task();
  }

  List<String> metricKeys() {
    return plan.metrics();
  }

  OptimizerConfig optimizer() {
    return plan.optimizer();
  }

  /** The model's training configuration with another batch size and epoch count, no early stopping. */
  TrainConfig training(int batch, int epochs) {
    TrainConfig t = plan.train();
    return new TrainConfig(batch, epochs, t.shuffle(), t.seed(), Optional.empty());
  }
}
