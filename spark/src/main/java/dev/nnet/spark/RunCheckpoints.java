package dev.nnet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's state at the end of its last epoch, in a folder any Hadoop file system holds (a local path, hdfs://,
 * s3a://): one checkpoint file per task state, {@code task-0.checkpoint} ... (one in synchronous mode, one per task
 * with periodic averaging), in the runtime's checkpoint format. Each file is written under a temporary name and
 * renamed, so a driver that dies while writing leaves the previous epoch's files.
 */
final class RunCheckpoints {
  private final Path folder;
  private final FileSystem fs;

  RunCheckpoints(String folder, Configuration hadoop) {
    this.folder = new Path(folder);
    try {
      this.fs = this.folder.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the checkpoint folder " + folder, e);
    }
  }

  /** Replaces the saved states by {@code states}. */
  void save(byte[][] states) {
    try {
      fs.mkdirs(folder);
      for (int k = 0; k < states.length; k++) {
        Path temporary = new Path(folder, ".task-" + k + ".checkpoint.tmp");
        try (OutputStream out = fs.create(temporary, true)) {
          out.write(states[k]);
        }
        Path target = file(k);
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
          throw new IOException("could not rename " + temporary + " to " + target);
        }
      }
      for (int k = states.length; fs.exists(file(k)); k++) {
        fs.delete(file(k), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run's checkpoint to " + folder, e);
    }
  }

  /** The saved states, or none when the folder holds no checkpoint. */
  byte[][] load() {
    List<byte[]> states = new ArrayList<>();
    try {
      for (int k = 0; fs.exists(file(k)); k++) {
        try (InputStream in = fs.open(file(k))) {
          states.add(in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run's checkpoint from " + folder, e);
    }
    return states.toArray(byte[][]::new);
  }

  private Path file(int k) {
    return new Path(folder, "task-" + k + ".checkpoint");
  }
}
