package dev.nnet.runtime.checkpoint;

import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.io.OutputFiles;
import dev.nnet.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves a network (and optionally its training state) to a checkpoint file and loads it back.
 *
 * <p>Saving goes through {@link OutputFiles}: a temporary file in the target's folder, forced to disk, renamed over
 * the target; a crash at any point leaves either the previous file or the new one, never a mix.
 * Loading reads the whole file, checks the container (see {@link CheckpointFormat}) and then the fit with the
 * network (fingerprint, precision, parameter names and shapes) before it writes a single value into the network.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** A checkpoint of {@code net}'s current parameters with the given extras. */
  public static Checkpoint capture(
      Network net,
      Map<String, float[]> arrays,
      List<String> classes,
      Map<String, String> metadata,
      Optional<TrainingState> trainingState) {
    List<SavedParameter> params = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      double[] values = new double[p.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = p.get(i);
      }
      params.add(new SavedParameter(p.name(), p.shape(), p.trainable(), p instanceof Parameter.F64, values));
    }
    return new Checkpoint(
        net.name(), net.fingerprint(), net.isDouble(), params, arrays, classes, metadata, trainingState);
  }

  /** Writes {@code checkpoint} to {@code path} atomically, replacing any previous file. */
  public static void save(Path path, Checkpoint checkpoint) {
    save(path, checkpoint, () -> {});
  }

  /** {@link #save(Path, Checkpoint)} with a hook run between writing the temporary file and the rename (tests). */
  static void save(Path path, Checkpoint checkpoint, Runnable beforeRename) {
    byte[] bytes = CheckpointFormat.encode(checkpoint);
    try {
      OutputFiles.write(path, bytes, beforeRename);
    } catch (OutputFiles.NotAFileException e) {
      throw new CheckpointException("cannot write the checkpoint: " + e.getMessage(), e);
    } catch (AccessDeniedException e) {
      throw new CheckpointException(path + ": cannot write the checkpoint: permission denied", e);
    } catch (IOException e) {
      throw new CheckpointException(path + ": cannot write the checkpoint: " + e.getMessage(), e);
    }
  }

  /** The bytes {@link #save} writes, for a checkpoint that travels (between the tasks of a Spark job). */
  public static byte[] toBytes(Checkpoint checkpoint) {
    return CheckpointFormat.encode(checkpoint);
  }

  /**
   * Reads and validates a checkpoint from {@link #toBytes}; does not touch any network.
   *
   * @param where names the bytes in messages
   */
  public static Checkpoint fromBytes(byte[] bytes, String where) {
    return CheckpointFormat.decode(bytes, where);
  }

  /** Reads and validates the container of {@code path}; does not touch any network. */
  public static Checkpoint read(Path path) {
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > Integer.MAX_VALUE - 8) {
        throw new CheckpointException(path + ": " + size + " bytes is too large for a checkpoint");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(path + ": no such checkpoint file", e);
    } catch (AccessDeniedException e) {
      throw new CheckpointException(path + ": cannot read the checkpoint: permission denied", e);
    } catch (IOException e) {
      throw new CheckpointException(path + ": cannot read the checkpoint: " + e.getMessage(), e);
    }
    return CheckpointFormat.decode(bytes, path.toString());
  }

  /**
   * Writes the checkpoint's parameters into {@code net}, after checking that they fit it exactly.
   *
   * @param source names the checkpoint in messages (its file)
   * @throws CheckpointException naming the first mismatch; the network is unchanged then
   */
  public static void restore(Checkpoint checkpoint, Network net, String source) {
    if (!checkpoint.fingerprint().equals(net.fingerprint())) {
      throw new CheckpointException(
          source + ": the checkpoint was saved from network '" + checkpoint.networkName()
              + "' with architecture fingerprint " + checkpoint.fingerprint() + ", but this network '" + net.name()
              + "' has fingerprint " + net.fingerprint() + "; it belongs to another model (or another version of"
              + " this model file): retrain, or use the model it was trained with");
    }
    if (checkpoint.isDouble() != net.isDouble()) {
      throw new CheckpointException(
          source + ": the checkpoint holds " + precision(checkpoint.isDouble()) + " weights, but this network computes"
              + " in " + precision(net.isDouble()));
    }
    List<Parameter> params = net.parameters();
    List<SavedParameter> saved = checkpoint.parameters();
    if (saved.size() != params.size()) {
      throw new CheckpointException(
          source + ": the checkpoint holds " + saved.size() + " parameters, the network has " + params.size());
    }
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      SavedParameter s = saved.get(i);
      if (!s.name().equals(p.name()) || !Arrays.equals(s.shape(), p.shape())) {
        throw new CheckpointException(
            source + ": parameter " + (i + 1) + " is " + s.name() + " " + Arrays.toString(s.shape())
                + " in the checkpoint but " + p.name() + " " + Arrays.toString(p.shape()) + " in the network");
      }
      if (s.isDouble() != (p instanceof Parameter.F64)) {
        throw new CheckpointException(
            source + ": parameter " + s.name() + " is " + precision(s.isDouble()) + " in the checkpoint but "
                + precision(p instanceof Parameter.F64) + " in the network");
      }
    }
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      double[] values = saved.get(i).values();
      for (int k = 0; k < values.length; k++) {
        p.set(k, values[k]);
      }
    }
  }

  /** {@link #read} then {@link #restore}: the checkpoint (for its extras) after loading its weights into {@code net}. */
  public static Checkpoint load(Path path, Network net) {
    Checkpoint c = read(path);
    restore(c, net, path.toString());
    return c;
  }

  private static String precision(boolean isDouble) {
    return isDouble ? "float64" : "float32";
  }
}
