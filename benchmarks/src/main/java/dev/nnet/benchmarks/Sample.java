package dev.nnet.benchmarks;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.DataSource;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.TrainConfig;
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
 *
 * <p>The mapping from the compiler's model to the runtime's configuration repeats, for the features the samples use,
 * what the command line's {@code Mapping} does (the runtime knows nothing of the compiler, and the command line's
 * class is package-private).
 */
final class Sample {
  final ModelSpec spec;
  final PreparedData data;
  private final Class<? extends Network> type;
  private final MethodHandle predict;

  private Sample(ModelSpec spec, PreparedData data, Class<? extends Network> type, MethodHandle predict) {
    this.spec = spec;
    this.data = data;
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
    var d = spec.data().orElseThrow(() -> new IllegalArgumentException(modelFile + " has no data block"));
    Optional<Source> test = d.test().map(s -> source(s, base));
    DataPlan plan = new DataPlan(
        source(d.train(), base),
        test,
        test.isPresent() ? 0 : d.testSplit(),
        spec.training().validationSplit(),
        d.standardize(),
        spec.training().seed(),
        spec.input().size(),
        spec.task() == Task.REGRESSION
            ? new Target.Regression(spec.output().size())
            : Target.classes(task(spec).classes(spec.output().size())));
    return new Sample(spec, DataPipeline.prepare(plan), type, predict);
  }

  /** A new instance of the generated class for batches up to {@code batch}, initialized from the model's seed. */
  Network network(int batch) throws ReflectiveOperationException {
    Network net = type.getConstructor(int.class).newInstance(batch);
    net.initialize(spec.training().seed());
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
    return task(spec);
  }

  List<String> metricKeys() {
    return spec.metrics().stream().map(m -> m.key()).toList();
  }

  OptimizerConfig optimizer() {
    var o = spec.optimizer();
    return new OptimizerConfig(
        OptimizerConfig.Kind.valueOf(o.kind().name()), o.learningRate(), o.momentum(), o.nesterov(), o.beta1(),
        o.beta2(), o.epsilon(), o.weightDecay(), o.rho(), o.initialAccumulator());
  }

  /** The model's training configuration with another batch size and epoch count, no early stopping. */
  TrainConfig training(int batch, int epochs) {
    var t = spec.training();
    return new TrainConfig(batch, epochs, t.shuffle(), t.seed(), Optional.empty());
  }

  private static TaskType task(ModelSpec spec) {
    return switch (spec.task()) {
      case BINARY_CLASSIFICATION -> TaskType.BINARY_CLASSIFICATION;
      case MULTICLASS_CLASSIFICATION -> TaskType.MULTICLASS_CLASSIFICATION;
      case REGRESSION -> TaskType.REGRESSION;
    };
  }

  private static Source source(DataSource s, Path base) {
    if (s instanceof DataSource.Csv c) {
      return new Source.Csv(base.resolve(c.path()), c.label(), c.scale());
    }
    DataSource.Idx i = (DataSource.Idx) s;
    return new Source.Idx(base.resolve(i.images()), base.resolve(i.labels()), i.scale());
  }
}
