package dev.nnet.runtime.checkpoint;

import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerState;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The binary layout of a checkpoint, big-endian throughout:
 *
 * <pre>
 *   offset  size  field
 *   0       8     magic "NNETCKPT"
 *   8       4     format version (2; version 1 files are read too)
 *   12      8     payload length L
 *   20      L     payload: sections, each a 4-byte ASCII tag, an 8-byte body length and the body
 *   20+L    4     CRC-32 of the payload
 * </pre>
 *
 * Sections: {@code NETW} name, fingerprint, precision (32 or 64), required; {@code PARM} the parameters, required;
 * {@code ARRS} named float arrays; {@code CLAS} class names; {@code VOCB} a text model's vocabulary (a count, then
 * the tokens in id order), optional and skipped by readers that predate it; {@code META} string pairs; {@code TRST} training state
 * (epochs done, generator states, row order, optimizer slots, history, early-stopping bookkeeping); {@code EPOC}
 * the epoch in progress of a run stopped in its middle (steps done, loss sum, samples, seconds, each training
 * metric's accumulators), new in version 2. A string is a 4-byte length and UTF-8 bytes. Readers skip sections they
 * do not know, so a later version can add sections that older readers may safely ignore; a change to an existing
 * section's layout, or a section whose meaning an older reader must not miss, bumps the version. ({@code EPOC}
 * does: a version 1 reader skipping it would resume at the wrong step.)
 */
final class CheckpointFormat {
  static final byte[] MAGIC = "NNETCKPT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  /** The oldest version this reader accepts. */
  static final int OLDEST_VERSION = 1;
  static final int HEADER = 20;
  static final int TRAILER = 4;

  private CheckpointFormat() {}

  static byte[] encode(Checkpoint c) {
    try {
      PayloadWriter payload = new PayloadWriter();
      payload.section("NETW", s -> {
        s.str(c.networkName());
        s.str(c.fingerprint());
        s.writeByte(c.isDouble() ? 64 : 32);
      });
      payload.section("PARM", s -> {
        s.writeInt(c.parameters().size());
        for (SavedParameter p : c.parameters()) {
          s.str(p.name());
          s.writeBoolean(p.trainable());
          s.writeByte(p.isDouble() ? 64 : 32);
          int[] shape = p.shape();
          s.writeInt(shape.length);
          for (int d : shape) {
            s.writeInt(d);
          }
          for (double v : p.values()) {
            if (p.isDouble()) {
              s.writeDouble(v);
            } else {
              s.writeFloat((float) v);
            }
          }
        }
      });
      if (!c.arrays().isEmpty()) {
        payload.section("ARRS", s -> {
          s.writeInt(c.arrays().size());
          for (var e : c.arrays().entrySet()) {
            s.str(e.getKey());
            s.floats(e.getValue());
          }
        });
      }
      if (!c.classes().isEmpty()) {
        payload.section("CLAS", s -> {
          s.writeInt(c.classes().size());
          for (String name : c.classes()) {
            s.str(name);
          }
        });
      }
      if (!c.vocabulary().isEmpty()) {
        payload.section("VOCB", s -> {
          s.writeInt(c.vocabulary().size());
          for (String token : c.vocabulary()) {
            s.str(token);
          }
        });
      }
      if (!c.metadata().isEmpty()) {
        payload.section("META", s -> {
          s.writeInt(c.metadata().size());
          // In key order: a caller's Map.of iterates in an order that changes from one JVM to the next, and the same
          // training must write the same bytes.
          for (var e : new TreeMap<>(c.metadata()).entrySet()) {
            s.str(e.getKey());
            s.str(e.getValue());
          }
        });
      }
      if (c.trainingState().isPresent()) {
        TrainingState t = c.trainingState().get();
        payload.section("TRST", s -> {
          s.writeInt(t.completedEpochs());
          s.writeLong(t.shuffleRngState());
          s.writeLong(t.networkRngState());
          int[] order = t.order();
          s.writeInt(order.length);
          for (int i : order) {
            s.writeInt(i);
          }
          OptimizerState o = t.optimizer();
          s.str(o.kind().keyword());
          s.writeLong(o.step());
          s.writeInt(o.floats().size());
          for (var e : o.floats().entrySet()) {
            s.str(e.getKey());
            s.floats(e.getValue());
          }
          s.writeInt(o.doubles().size());
          for (var e : o.doubles().entrySet()) {
            s.str(e.getKey());
            s.doubles(e.getValue());
          }
          s.writeInt(t.history().size());
          for (EpochRecord r : t.history()) {
            s.writeInt(r.epoch());
            s.writeDouble(r.seconds());
            s.writeInt(r.values().size());
            for (var e : r.values().entrySet()) {
              s.str(e.getKey());
              s.writeDouble(e.getValue());
            }
          }
          TrainingState.EarlyStoppingState es = t.earlyStopping();
          s.writeDouble(es.best());
          s.writeInt(es.epochsWithoutImprovement());
          s.writeInt(es.bestEpoch());
          s.writeInt(es.bestWeights().size());
          for (double[] w : es.bestWeights()) {
            s.doubles(w);
          }
        });
        if (t.inProgress().isPresent()) {
          TrainingState.EpochProgress p = t.inProgress().get();
          payload.section("EPOC", s -> {
            s.writeInt(p.stepsDone());
            s.writeDouble(p.lossSum());
            s.writeInt(p.samples());
            s.writeDouble(p.seconds());
            s.writeInt(p.metrics().size());
            for (double[] m : p.metrics()) {
              s.doubles(m);
            }
          });
        }
      }
      byte[] body = payload.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(body);
      ByteBuffer file = ByteBuffer.allocate(HEADER + body.length + TRAILER);
      file.put(MAGIC).putInt(VERSION).putLong(body.length).put(body).putInt((int) crc.getValue());
      return file.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
  }

  /** Checks the container (magic, version, length, checksum) and parses it; nothing is trusted before the CRC. */
  static Checkpoint decode(byte[] file, String where) {
    if (file.length < HEADER + TRAILER) {
      throw new CheckpointException(
          where + ": too short to be an nnet checkpoint (" + file.length + " bytes; the header alone is " + HEADER + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(file);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new CheckpointException(where + ": not an nnet checkpoint (it does not start with \"NNETCKPT\")");
    }
    int version = b.getInt();
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new CheckpointException(
          where + ": checkpoint format version " + version + ", but this nnet reads versions " + OLDEST_VERSION
              + " to " + VERSION + (version > VERSION ? "; it was written by a newer nnet" : ""));
    }
    long length = b.getLong();
    long actual = file.length - HEADER - TRAILER;
    if (length < 0 || length > Integer.MAX_VALUE) {
      // No checkpoint is this long (they are read whole into one array): the length field itself is damaged.
      throw new CheckpointException(
          where + ": the checkpoint is corrupted: its header's length field holds an impossible value (" + length
              + "); the file was damaged after it was written");
    }
    if (length != actual) {
      throw new CheckpointException(
          where + ": the checkpoint is " + (length > actual ? "truncated" : "followed by extra bytes") + ": its header"
              + " announces " + length + " bytes of content, the file holds " + Math.max(actual, 0)
              + (length > actual ? "; the write was probably interrupted, or the copy is incomplete" : ""));
    }
    CRC32 crc = new CRC32();
    crc.update(file, HEADER, (int) length);
    int stored = ByteBuffer.wrap(file, HEADER + (int) length, TRAILER).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CheckpointException(
          where + ": the checkpoint is corrupted: its checksum does not match its content (stored "
              + String.format("%08x", stored) + ", computed " + String.format("%08x", (int) crc.getValue())
              + "); the file was damaged after it was written");
    }
    return parse(ByteBuffer.wrap(file, HEADER, (int) length).slice(), where);
  }

  private static Checkpoint parse(ByteBuffer payload, String where) {
    String name = null;
    String fingerprint = null;
    boolean isDouble = false;
    List<SavedParameter> params = null;
    Map<String, float[]> arrays = new LinkedHashMap<>();
    List<String> classes = new ArrayList<>();
    List<String> vocabulary = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    Optional<TrainingState> state = Optional.empty();
    Optional<TrainingState.EpochProgress> progress = Optional.empty();
    PayloadReader in = new PayloadReader(payload, where);
    while (in.remaining() > 0) {
      String tag = in.tag();
      long bodyLength = in.int64();
      PayloadReader s = in.sub(tag, bodyLength);
      switch (tag) {
        case "NETW" -> {
          name = s.str();
          fingerprint = s.str();
          isDouble = s.precision();
        }
        case "PARM" -> {
          int n = s.count(1);
          params = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            String pname = s.str();
            boolean trainable = s.bool();
            boolean pdouble = s.precision();
            int rank = s.count(4);
            int[] shape = new int[rank];
            long size = 1;
            for (int k = 0; k < rank; k++) {
              shape[k] = s.int32();
              if (shape[k] < 0) {
                throw s.malformed("negative dimension in the shape of " + pname);
              }
              size *= shape[k];
              if (size > Integer.MAX_VALUE) {
                throw s.malformed("parameter " + pname + " is too large");
              }
            }
            double[] values = pdouble ? s.doubles((int) size) : s.floatsAsDoubles((int) size);
            params.add(new SavedParameter(pname, shape, trainable, pdouble, values));
          }
        }
        case "ARRS" -> {
          int n = s.count(4);
          for (int i = 0; i < n; i++) {
            arrays.put(s.str(), s.floats(s.count(4)));
          }
        }
        case "CLAS" -> {
          int n = s.count(4);
          for (int i = 0; i < n; i++) {
            classes.add(s.str());
          }
        }
        case "VOCB" -> {
          int n = s.count(4);
          for (int i = 0; i < n; i++) {
            vocabulary.add(s.str());
          }
        }
        case "META" -> {
          int n = s.count(8);
          for (int i = 0; i < n; i++) {
            metadata.put(s.str(), s.str());
          }
        }
        case "TRST" -> state = Optional.of(trainingState(s));
        case "EPOC" -> progress = Optional.of(epochProgress(s));
        default -> {
          // A section from a later writer: skipped, as the format promises.
        }
      }
      s.end();
    }
    if (name == null || params == null) {
      throw new CheckpointException(where + ": the checkpoint lacks its " + (name == null ? "NETW" : "PARM") + " section");
    }
    if (progress.isPresent()) {
      if (state.isEmpty()) {
        throw new CheckpointException(where + ": the checkpoint has an epoch in progress (EPOC) but no training state");
      }
      TrainingState t = state.get();
      state = Optional.of(new TrainingState(t.completedEpochs(), t.shuffleRngState(), t.networkRngState(), t.order(),
          t.optimizer(), t.history(), t.earlyStopping(), progress));
    }
    return new Checkpoint(name, fingerprint, isDouble, params, arrays, classes, metadata, state, vocabulary);
  }

  private static TrainingState trainingState(PayloadReader s) {
    int epochs = s.int32();
    long shuffle = s.int64();
    long network = s.int64();
    int[] order = new int[s.count(4)];
    for (int i = 0; i < order.length; i++) {
      order[i] = s.int32();
    }
    String kindName = s.str();
    OptimizerConfig.Kind kind = null;
    for (OptimizerConfig.Kind k : OptimizerConfig.Kind.values()) {
      if (k.keyword().equals(kindName)) {
        kind = k;
      }
    }
    if (kind == null) {
      throw s.malformed("unknown optimizer '" + kindName + "'");
    }
    long step = s.int64();
    Map<String, float[]> floats = new LinkedHashMap<>();
    for (int n = s.count(8), i = 0; i < n; i++) {
      floats.put(s.str(), s.floats(s.count(4)));
    }
    Map<String, double[]> doubles = new LinkedHashMap<>();
    for (int n = s.count(8), i = 0; i < n; i++) {
      doubles.put(s.str(), s.doubles(s.count(8)));
    }
    List<EpochRecord> history = new ArrayList<>();
    for (int n = s.count(16), i = 0; i < n; i++) {
      int epoch = s.int32();
      double seconds = s.f64();
      Map<String, Double> values = new LinkedHashMap<>();
      for (int m = s.count(12), k = 0; k < m; k++) {
        values.put(s.str(), s.f64());
      }
      history.add(new EpochRecord(epoch, seconds, values));
    }
    double best = s.f64();
    int wait = s.int32();
    int bestEpoch = s.int32();
    List<double[]> bestWeights = new ArrayList<>();
    for (int n = s.count(4), i = 0; i < n; i++) {
      bestWeights.add(s.doubles(s.count(8)));
    }
    return new TrainingState(epochs, shuffle, network, order, new OptimizerState(kind, step, floats, doubles),
        history, new TrainingState.EarlyStoppingState(best, wait, bestEpoch, bestWeights));
  }

  private static TrainingState.EpochProgress epochProgress(PayloadReader s) {
    int steps = s.int32();
    if (steps < 1) {
      throw s.malformed("an epoch in progress with " + steps + " steps done");
    }
    double lossSum = s.f64();
    int samples = s.int32();
    double seconds = s.f64();
    List<double[]> metrics = new ArrayList<>();
    for (int n = s.count(4), i = 0; i < n; i++) {
      metrics.add(s.doubles(s.count(8)));
    }
    return new TrainingState.EpochProgress(steps, lossSum, samples, seconds, metrics);
  }
}
