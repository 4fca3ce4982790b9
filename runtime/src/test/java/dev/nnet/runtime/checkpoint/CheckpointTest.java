package dev.nnet.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.Samples;
import dev.nnet.runtime.testing.TestNet;
import dev.nnet.runtime.train.EarlyStoppingConfig;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.Evaluator;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  private static final TaskType MULTI = TaskType.MULTICLASS_CLASSIFICATION;
  private static PreparedData iris;

  @TempDir Path dir;

  @BeforeAll
  static void loadIris() {
    Source src = new Source.Csv(Samples.path("iris/iris.csv"), "species", 1);
    iris = DataPipeline.prepare(
        new DataPlan(src, Optional.empty(), 0.2, 0.1, true, 42, 4, new Target.Classes(3, List.of())));
  }

  private static TestNet trained(boolean isDouble) {
    TestNet net = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 32);
    net.initialize(1);
    new Trainer(net, OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.02).create(), MULTI, List.of(),
        new TrainConfig(16, 5, true, 1, Optional.empty())).fit(iris.train(), Optional.empty(), TrainingListener.NONE);
    return net;
  }

  private static TestNet fresh(boolean isDouble) {
    TestNet net = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 32);
    net.initialize(777);
    return net;
  }

  private static double[] weights(Network net) {
    List<Double> all = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        all.add(p.get(i));
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private Path saved(boolean isDouble) {
    TestNet net = trained(isDouble);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", "iris.nnet");
    meta.put("note", "ünïcødé ✓");
    Checkpoint c = Checkpoints.capture(net, Checkpoint.arraysOf(iris.standardizer().orElseThrow()), iris.classes(),
        meta, Optional.empty());
    Path path = dir.resolve("iris.ckpt");
    Checkpoints.save(path, c);
    return path;
  }

  @Test
  void aVocabularyRoundTripsAndACheckpointWithoutOneHasNone() {
    TestNet net = trained(false);
    List<String> tokens = List.of("", "[UNK]", "e", "ß", "\n", "𝄞", "word with spaces");
    Checkpoint c = Checkpoints.capture(net, Map.of(), iris.classes(), Map.of(), Optional.empty())
        .withVocabulary(tokens);
    Path path = dir.resolve("text.ckpt");
    Checkpoints.save(path, c);
    Checkpoint loaded = Checkpoints.load(path, fresh(false));
    assertThat(loaded.vocabulary()).containsExactlyElementsOf(tokens);
    assertThat(loaded.savedVocabulary().orElseThrow().id("ß")).isEqualTo(3);
    // a file written without the section (every file before it existed) loads with no vocabulary
    assertThat(Checkpoints.load(saved(false), fresh(false)).savedVocabulary()).isEmpty();
  }

  /** The same network and metadata give the same bytes, whatever order the caller's metadata map iterates in. */
  @Test
  void metadataIsWrittenInKeyOrder() throws IOException {
    TestNet net = trained(false);
    Map<String, String> forward = new java.util.LinkedHashMap<>();
    Map<String, String> backward = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      forward.put("key" + i, "value" + i);
      backward.put("key" + (7 - i), "value" + (7 - i));
    }
    Path a = dir.resolve("forward.ckpt");
    Path b = dir.resolve("backward.ckpt");
    Checkpoints.save(a, Checkpoints.capture(net, Map.of(), iris.classes(), forward, Optional.empty()));
    Checkpoints.save(b, Checkpoints.capture(net, Map.of(), iris.classes(), backward, Optional.empty()));
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Checkpoints.load(a, fresh(false)).metadata().keySet())
        .containsExactlyElementsOf(new java.util.TreeSet<>(forward.keySet()));
  }

  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void roundTripRestoresWeightsAndExtrasExactly(boolean isDouble) {
    TestNet original = trained(isDouble);
    Map<String, String> meta = Map.of("model", "iris.nnet", "note", "ünïcødé ✓");
    Checkpoint c = Checkpoints.capture(original, Checkpoint.arraysOf(iris.standardizer().orElseThrow()),
        iris.classes(), meta, Optional.empty());
    Path path = dir.resolve("model.ckpt");
    Checkpoints.save(path, c);

    TestNet copy = fresh(isDouble);
    assertThat(weights(copy)).isNotEqualTo(weights(original));
    Checkpoint loaded = Checkpoints.load(path, copy);
    assertThat(weights(copy)).containsExactly(weights(original));
    assertThat(loaded.networkName()).isEqualTo("TestNet");
    assertThat(loaded.classes()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(loaded.metadata()).isEqualTo(meta);
    assertThat(loaded.standardizer().orElseThrow().mean()).containsExactly(iris.standardizer().get().mean());
    assertThat(loaded.standardizer().orElseThrow().std()).containsExactly(iris.standardizer().get().std());
    assertThat(loaded.trainingState()).isEmpty();
    Evaluator e1 = new Evaluator(original, MULTI, List.of("accuracy"));
    Evaluator e2 = new Evaluator(copy, MULTI, List.of("accuracy"));
    assertThat(e2.evaluate(iris.test().get()).loss()).isEqualTo(e1.evaluate(iris.test().get()).loss());
  }

  @Test
  void everySingleFlippedByteIsRefusedAndTheNetworkIsUntouched() throws IOException {
    Path path = saved(false);
    byte[] good = Files.readAllBytes(path);
    TestNet net = fresh(false);
    double[] before = weights(net);
    Path bad = dir.resolve("bad.ckpt");
    for (int i = 0; i < good.length; i++) {
      byte[] b = good.clone();
      b[i] ^= 0x5A;
      Files.write(bad, b);
      assertThatThrownBy(() -> Checkpoints.load(bad, net))
          .as("byte %d flipped", i)
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith(bad + ": ");
      assertThat(weights(net)).containsExactly(before);
    }
  }

  @Test
  void corruptionMessagesSayWhatIsWrong() throws IOException {
    Path path = saved(false);
    byte[] good = Files.readAllBytes(path);
    Path bad = dir.resolve("bad.ckpt");

    byte[] payloadFlip = good.clone();
    payloadFlip[100] ^= 1;
    Files.write(bad, payloadFlip);
    assertThatThrownBy(() -> Checkpoints.read(bad))
        .hasMessageMatching(".*: the checkpoint is corrupted: its checksum does not match its content \\(stored"
            + " [0-9a-f]{8}, computed [0-9a-f]{8}\\); the file was damaged after it was written");

    byte[] magic = good.clone();
    magic[0] = 'X';
    Files.write(bad, magic);
    assertThatThrownBy(() -> Checkpoints.read(bad))
        .hasMessage(bad + ": not an nnet checkpoint (it does not start with \"NNETCKPT\")");

    byte[] newer = good.clone();
    ByteBuffer.wrap(newer).putInt(8, 3);
    Files.write(bad, newer);
    assertThatThrownBy(() -> Checkpoints.read(bad))
        .hasMessage(bad + ": checkpoint format version 3, but this nnet reads versions 1 to 2; it was written by a"
            + " newer nnet");

    Files.write(bad, new byte[0]);
    assertThatThrownBy(() -> Checkpoints.read(bad))
        .hasMessage(bad + ": too short to be an nnet checkpoint (0 bytes; the header alone is 20)");
  }

  @Test
  void truncatedOrExtendedFilesAreRefused() throws IOException {
    Path path = saved(true);
    byte[] good = Files.readAllBytes(path);
    Path bad = dir.resolve("cut.ckpt");
    long content = good.length - 24;
    for (int keep : new int[] {good.length - 1, good.length / 2, 30}) {
      Files.write(bad, java.util.Arrays.copyOf(good, keep));
      assertThatThrownBy(() -> Checkpoints.read(bad))
          .hasMessage(bad + ": the checkpoint is truncated: its header announces " + content + " bytes of content,"
              + " the file holds " + (keep - 24) + "; the write was probably interrupted, or the copy is incomplete");
    }
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
    Files.write(bad, longer);
    assertThatThrownBy(() -> Checkpoints.read(bad))
        .hasMessage(bad + ": the checkpoint is followed by extra bytes: its header announces " + content + " bytes of"
            + " content, the file holds " + (content + 3));
  }

  @Test
  void aFlippedByteInTheLengthFieldIsCorruptionNotAnAbsurdSize() throws IOException {
    // Issue 18, item 6: a flipped high byte of the length said "-72057594037927311 bytes" of content.
    Path path = saved(true);
    byte[] bytes = Files.readAllBytes(path);
    Path bad = dir.resolve("flipped.ckpt");
    for (int at : new int[] {12, 13}) { // the length's most significant bytes (after 8 magic and 4 version bytes)
      byte[] flipped = bytes.clone();
      flipped[at] ^= (byte) 0xFF;
      Files.write(bad, flipped);
      assertThatThrownBy(() -> Checkpoints.read(bad))
          .hasMessageStartingWith(bad + ": the checkpoint is corrupted: its header's length field holds an impossible"
              + " value (");
    }
  }

  @Test
  void anotherArchitectureIsRefusedNamingBothFingerprints() {
    Path path = saved(false);
    TestNet wider = new TestNet(4, 9, 3, TestNet.Head.SOFTMAX, false, 32);
    assertThatThrownBy(() -> Checkpoints.load(path, wider))
        .hasMessage(path + ": the checkpoint was saved from network 'TestNet' with architecture fingerprint"
            + " testnet-4-8-3-softmax-f32, but this network 'TestNet' has fingerprint testnet-4-9-3-softmax-f32; it"
            + " belongs to another model (or another version of this model file): retrain, or use the model it was"
            + " trained with");
    TestNet f64 = fresh(true);
    assertThatThrownBy(() -> Checkpoints.load(path, f64)).hasMessageContaining("fingerprint testnet-4-8-3-softmax-f64");
  }

  @Test
  void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
    Path path = saved(false);
    byte[] previous = Files.readAllBytes(path);
    Checkpoint other = Checkpoints.capture(fresh(false), Map.of(), List.of(), Map.of(), Optional.empty());
    assertThatThrownBy(() -> Checkpoints.save(path, other, () -> {
      throw new IllegalStateException("simulated crash before the rename");
    })).hasMessage("simulated crash before the rename");
    assertThat(Files.readAllBytes(path)).isEqualTo(previous);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("iris.ckpt");
    }
    Checkpoints.save(path, other);
    assertThat(Files.readAllBytes(path)).isNotEqualTo(previous);
    TestNet net = fresh(false);
    Checkpoints.load(path, net);
    assertThat(weights(net)).containsExactly(weights(fresh(false)));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("iris.ckpt");
    }
  }

  @Test
  void unknownSectionsAreSkipped() throws IOException {
    Path path = saved(false);
    byte[] good = Files.readAllBytes(path);
    byte[] extra = {'Z', 'Z', 'Z', 'Z', 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
    int payload = good.length - 24;
    ByteBuffer b = ByteBuffer.allocate(good.length + extra.length);
    b.put(good, 0, 12).putLong(payload + extra.length).put(good, 20, payload).put(extra);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 20, payload + extra.length);
    b.putInt((int) crc.getValue());
    Path later = dir.resolve("later.ckpt");
    Files.write(later, b.array());
    TestNet net = fresh(false);
    Checkpoints.load(later, net);
    TestNet reference = fresh(false);
    Checkpoints.load(path, reference);
    assertThat(weights(net)).containsExactly(weights(reference));
  }

  @Test
  void aCraftedCountIsRefusedWithoutAllocatingIt() throws IOException {
    // A valid container whose CLAS section claims two billion names.
    byte[] body = {'N', 'E', 'T', 'W', 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0, 1, 'n', 0, 0, 0, 1, 'f', 32,
      'C', 'L', 'A', 'S', 0, 0, 0, 0, 0, 0, 0, 4, 0x7f, 0, 0, 0};
    ByteBuffer b = ByteBuffer.allocate(24 + body.length);
    CRC32 crc = new CRC32();
    crc.update(body);
    b.put("NNETCKPT".getBytes()).putInt(1).putLong(body.length).put(body).putInt((int) crc.getValue());
    Path crafted = dir.resolve("crafted.ckpt");
    Files.write(crafted, b.array());
    assertThatThrownBy(() -> Checkpoints.read(crafted))
        .hasMessage(crafted + ": malformed checkpoint: a count of 2130706432 items does not fit in the 0 bytes left"
            + " (section CLAS, byte 4)");
  }

  /** Version 2 only added the EPOC section, so a version 1 file (which never has one) reads as before. */
  @Test
  void versionOneFilesAreStillRead() throws IOException {
    Path path = saved(false);
    byte[] v1 = Files.readAllBytes(path);
    ByteBuffer.wrap(v1).putInt(8, 1);
    Path old = dir.resolve("v1.ckpt");
    Files.write(old, v1);
    TestNet net = fresh(false);
    Checkpoints.load(old, net);
    assertThat(weights(net)).containsExactly(weights(trained(false)));
  }

  @Test
  void missingFile() {
    Path nowhere = dir.resolve("none.ckpt");
    assertThatThrownBy(() -> Checkpoints.read(nowhere)).hasMessage(nowhere + ": no such checkpoint file");
  }

  /** Save mid-run with the training state, load into new objects, finish: the same weights as never stopping. */
  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void resumeThroughAFileIsBitIdentical(boolean isDouble) {
    EarlyStoppingConfig es = new EarlyStoppingConfig("val_accuracy", 50, 0, true);
    TrainConfig config = new TrainConfig(16, 6, true, 9, Optional.of(es));
    OptimizerConfig opt = new OptimizerConfig(Kind.SGD, 0.05, 0.9, true, 0, 0, 0, 0, 0, 0);

    TestNet straight = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 32);
    straight.initialize(3);
    History full = new Trainer(straight, opt.create(), MULTI, List.of("accuracy"), config)
        .fit(iris.train(), iris.validation(), TrainingListener.NONE);

    TestNet first = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 32);
    first.initialize(3);
    Path path = dir.resolve("train.ckpt");
    Trainer[] trainer = new Trainer[1];
    trainer[0] = new Trainer(first, opt.create(), MULTI, List.of("accuracy"), config);
    TrainingListener saveEachEpoch = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochRecord record) {
        Checkpoints.save(path, Checkpoints.capture(first, Map.of(), iris.classes(), Map.of(),
            Optional.of(trainer[0].state())));
        if (record.epoch() == 4) {
          throw new IllegalStateException("killed");
        }
      }
    };
    assertThatThrownBy(() -> trainer[0].fit(iris.train(), iris.validation(), saveEachEpoch)).hasMessage("killed");

    TestNet second = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 32);
    Checkpoint c = Checkpoints.load(path, second);
    Trainer resumed = new Trainer(second, opt.create(), MULTI, List.of("accuracy"), config);
    resumed.restore(c.trainingState().orElseThrow());
    assertThat(resumed.completedEpochs()).isEqualTo(4);
    History h = resumed.fit(iris.train(), iris.validation(), TrainingListener.NONE);
    assertThat(weights(second)).containsExactly(weights(straight));
    assertThat(h.epochs()).hasSize(6);
    assertThat(h.bestEpoch()).isEqualTo(full.bestEpoch());
    for (int e = 0; e < 6; e++) {
      assertThat(h.epochs().get(e).values()).isEqualTo(full.epochs().get(e).values());
    }
  }
}
