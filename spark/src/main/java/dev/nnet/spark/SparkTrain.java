package dev.nnet.spark;

import dev.nnet.cli.TextInputs;
import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.CheckpointException;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.TokenIds;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code spark-submit} entry point: {@code spark-submit --class dev.nnet.spark.SparkTrain nnet-spark.jar
 * MODEL.nnet [--data PATH --format csv|parquet] ...} trains the model on the cluster, prints the per-epoch and test
 * lines of {@code ./nnet train}, and writes the same weights file (on the driver's file system), which
 * {@code ./nnet evaluate}, {@code predict} and {@code export} read.
 */
@Command(
    name = "nnet-spark",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model on a Spark cluster in synchronous data parallelism: every step each task computes the",
      "gradient of its share of the global batch; the run equals ./nnet train's at the same batch and seed.",
      "Without --data, the model's own data block is read on the driver."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the model was trained and saved",
      "1:the model file or data has errors, or training diverged",
      "2:usage error"
    })
public final class SparkTrain implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file (on the driver).")
  Path model;

  @Option(names = "--data", paramLabel = "PATH", description = "Training data any Spark can read (a file, a folder,"
      + " hdfs://...), instead of the model's data block.")
  String data;

  @Option(names = "--test", paramLabel = "PATH", description = "Test data in the same format (instead of a split).")
  String test;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
      description = "csv (with a header row) or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--label", paramLabel = "COLUMN", description = "The label column of --data (default: the model's"
      + " CSV label, else the last column).")
  String label;

  @Option(names = "--features", paramLabel = "COLUMN", split = ",", description = "The feature column(s): one column"
      + " of vectors or arrays, or numeric columns (default: every other column).")
  List<String> features;

  @Option(names = "--epochs", paramLabel = "N", description = "Override the number of epochs.")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Override the global batch size.")
  Integer batchSize;

  @Option(names = "--seed", paramLabel = "N", description = "Override the random seed.")
  Long seed;

  @Option(names = "--tasks", paramLabel = "N", description = "Tasks per epoch (default: Spark's default"
      + " parallelism); the cluster needs that many free cores at once.")
  Integer tasks;

  @Option(names = "--average-every", paramLabel = "K", description = "Periodic averaging instead of synchronous"
      + " training: each task trains its own shard and the weights and optimizer state are averaged every K steps.")
  Integer averageEvery;

  @Option(names = "--checkpoint-dir", paramLabel = "PATH", description = "Save the run there at the end of every"
      + " epoch (local, hdfs://, ...) and continue the run it holds, if any.")
  String checkpointDir;

  @Option(names = "--barrier-allgather", description = "Exchange every step through Spark's BarrierTaskContext"
      + ".allGather instead of TCP between the tasks (the same results; up to a second a step).")
  boolean barrierAllGather;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Where to save the trained model (default: MODEL.weights beside the model file).")
  Path out;

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command and returns its exit code (what {@link #main} exits with). */
  public static int run(String... args) {
    CommandLine cmd = new CommandLine(new SparkTrain());
    cmd.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof DataException || e instanceof CheckpointException || e instanceof IllegalStateException
          || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        c.getErr().println("nnet-spark: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cmd.execute(args);
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter stdout = cmd.getOut();
    if (!Files.isRegularFile(model)) {
      throw new CommandLine.ParameterException(cmd, "model file not found: " + model);
    }
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw new CommandLine.ParameterException(cmd, "--format is csv or parquet, got " + format);
    }
    if (data == null && (test != null || label != null || features != null)) {
      throw new CommandLine.ParameterException(cmd, "--test, --label and --features go with --data");
    }
    if (epochs != null && epochs < 1) {
      throw new CommandLine.ParameterException(cmd, "--epochs must be at least 1, got " + epochs);
    }
    if (batchSize != null && batchSize < 1) {
      throw new CommandLine.ParameterException(cmd, "--batch-size must be at least 1, got " + batchSize);
    }
    CheckResult checked = Frontend.check(model);
    if (!checked.diagnostics().isEmpty()) {
      cmd.getErr().print(checked.render());
      cmd.getErr().flush();
    }
    if (checked.hasErrors() || checked.model().isEmpty()) {
      cmd.getErr().println(model + ": the model has errors; nothing was run");
      return 1;
    }
    ModelSpec spec = checked.model().get();
    if (data == null && spec.data().isEmpty()) {
      throw new CommandLine.ParameterException(cmd, model + " has no data block; give the data with --data PATH");
    }
    ModelClass compiled = ModelClass.compile(spec);
    SparkSession spark = SparkSession.builder().appName("nnet " + spec.name()).getOrCreate();
    try {
      // The splits, standardization and training settings are the generated class's plan, with the options applied.
      SparkTrainer trainer = new SparkTrainer(spark, compiled, columns(compiled.plan(), spark))
          .metadata(Map.of("model", model.getFileName().toString()))
          .printTo(stdout);
      TextInputs.tokenizer(spec).ifPresent(trainer::text);
      if (epochs != null) {
        trainer.epochs(epochs);
      }
      if (batchSize != null) {
        trainer.batchSize(batchSize);
      }
      if (seed != null) {
        trainer.seed(seed);
      }
      if (tasks != null) {
        trainer.tasks(tasks);
      }
      if (averageEvery != null) {
        trainer.averageEvery(averageEvery);
      }
      if (checkpointDir != null) {
        trainer.checkpointTo(checkpointDir);
      }
      trainer.barrierAllGather(barrierAllGather);
      SparkTrainer.Result result;
      if (data == null) {
        // The model's own data block, read on the driver as ./nnet train reads it: paths against the model's folder.
        TrainingPlan plan = trainer.plan();
        DataBlock block = plan.data().orElseThrow().resolve(model.toAbsolutePath().getParent());
        Network probe = compiled.instantiate(1);
        TokenIds.check(probe.vocabularySize(), block.train(), probe.inputSize());
        block.test().ifPresent(t -> TokenIds.check(probe.vocabularySize(), t, probe.inputSize()));
        PreparedData prepared = DataPipeline.prepare(Training.of(probe, plan).dataPlan(block, Optional.empty()));
        stdout.printf("%s: %,d training samples%s%s%n", spec.name(), prepared.train().rows(),
            prepared.validation().map(v -> String.format(", %,d validation", v.rows())).orElse(""),
            prepared.test().map(t -> String.format(", %,d test", t.rows())).orElse(""));
        result = trainer.fit(prepared);
      } else {
        result = trainer.fit(read(spark, data), Optional.ofNullable(test).map(t -> read(spark, t)));
      }
      Path target = out != null ? out : defaultWeights(model);
      Checkpoints.save(target, result.weights());
      stdout.println("saved " + target);
      stdout.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private org.apache.spark.sql.Dataset<Row> read(SparkSession spark, String path) {
    var reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    return reader.load(path);
  }

  /** The columns of --data: the label named (or the model's CSV label, or the last column); the rest are features. */
  private RowData columns(TrainingPlan plan, SparkSession spark) {
    if (data == null) {
      return new RowData(List.of("features"), "label", 1); // unused: the model's own data is read on the driver
    }
    Optional<Source> source = plan.data().map(DataBlock::train);
    double scale = source.map(Source::scale).orElse(1.0);
    String[] header = read(spark, data).columns();
    String labelColumn = label != null ? label
        : source.flatMap(SparkTrain::labelColumn).orElse(header[header.length - 1]);
    // A text model's one feature column: the model's text column by default, as ./nnet train reads it.
    Optional<String> textColumn = source.filter(s -> s instanceof Source.Text).map(s -> ((Source.Text) s).textColumn());
    List<String> featureColumns = features != null ? features : textColumn.map(List::of).orElseGet(() ->
        new ArrayList<>(Arrays.stream(header).filter(c -> !c.equals(labelColumn)).toList()));
    return new RowData(featureColumns, labelColumn, scale);
  }

  /** The label column a model's CSV source names, if it names one. */
  private static Optional<String> labelColumn(Source source) {
    String column = source instanceof Source.Csv c ? c.labelColumn()
        : source instanceof Source.Text t ? t.labelColumn() : "";
    return column.isEmpty() ? Optional.empty() : Optional.of(column);
  }

  /** MODEL.weights beside the model file, as {@code ./nnet train} names it. */
  static Path defaultWeights(Path modelFile) {
    String name = modelFile.getFileName().toString();
    String stem = name.endsWith(".nnet") ? name.substring(0, name.length() - 5) : name;
    return modelFile.resolveSibling(stem + ".weights");
  }
}
