package dev.nnet.compiler.pipeline;

import dev.nnet.compiler.io.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last build generated from what: for each model file (relative to the source directory, {@code /}
 * separated) the key of its inputs and the files generated from it (relative to the output directory) with their
 * SHA-256. A line-based text file, so that a person can read it:
 *
 * <pre>
 * nnet-build-state 1
 * source /abs/src/main/nnet
 * output /abs/target/generated-sources/nnet
 * model 3f5a...e1 com/acme/Iris.nnet
 * file 9b0c...4d com/acme/Iris.java
 * </pre>
 *
 * <p>Paths come last on their line, so they may hold spaces; backslash, CR and LF are escaped. A state file that is
 * missing, unreadable, of another version, or recorded for other directories reads as empty: the build then
 * regenerates everything, which is always correct, and deletes nothing it cannot vouch for.
 *
 * @param sourceDirectory the absolute source directory it was recorded for
 * @param outputDirectory the absolute output directory it was recorded for
 * @param models per model path, in path order
 */
record BuildState(Path sourceDirectory, Path outputDirectory, Map<String, Entry> models) {
  static final String HEADER = "nnet-build-state 1";

  /**
   * A key that never matches: the entry is kept to know its outputs, but its model is checked again (a model with
   * warnings, so that they are shown on every build).
   */
  static final String ALWAYS_CHECK = "-";

  BuildState {
    Objects.requireNonNull(sourceDirectory);
    Objects.requireNonNull(outputDirectory);
    models = Collections.unmodifiableMap(new TreeMap<>(models));
  }

  /**
   * One model's record.
   *
   * @param key a SHA-256 of everything its generated code depends on, or {@link #ALWAYS_CHECK}
   * @param outputs the files generated from it
   */
  record Entry(String key, List<Output> outputs) {
    Entry {
      Objects.requireNonNull(key);
      outputs = List.copyOf(outputs);
    }
  }

  /** A generated file, relative to the output directory, and the SHA-256 of its content. */
  record Output(String path, String sha256) {
    Output {
      Objects.requireNonNull(path);
      Objects.requireNonNull(sha256);
    }
  }

  static BuildState empty(Path sourceDirectory, Path outputDirectory) {
    return new BuildState(sourceDirectory, outputDirectory, Map.of());
  }

  /** Reads {@code file}; an empty state when it is missing, malformed, or recorded for other directories. */
  static BuildState read(Path file, Path sourceDirectory, Path outputDirectory) {
    BuildState none = empty(sourceDirectory, outputDirectory);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return none;
    }
    try {
      return parse(lines, sourceDirectory, outputDirectory).orElse(none);
    } catch (IllegalArgumentException malformed) {
      return none;
    }
  }

  private static Optional<BuildState> parse(List<String> lines, Path source, Path output) {
    if (lines.size() < 3 || !lines.get(0).equals(HEADER)) {
      return Optional.empty();
    }
    if (!lines.get(1).equals("source " + escape(source.toString()))
        || !lines.get(2).equals("output " + escape(output.toString()))) {
      return Optional.empty();
    }
    Map<String, Entry> models = new LinkedHashMap<>();
    String model = null;
    String key = null;
    List<Output> outputs = new ArrayList<>();
    for (String line : lines.subList(3, lines.size())) {
      String[] parts = line.split(" ", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException(line);
      }
      switch (parts[0]) {
        case "model" -> {
          if (model != null) {
            models.put(model, new Entry(key, outputs));
          }
          key = parts[1];
          model = unescape(parts[2]);
          outputs = new ArrayList<>();
        }
        case "file" -> {
          if (model == null) {
            throw new IllegalArgumentException(line);
          }
          outputs.add(new Output(unescape(parts[2]), parts[1]));
        }
        default -> throw new IllegalArgumentException(line);
      }
    }
    if (model != null) {
      models.put(model, new Entry(key, outputs));
    }
    return Optional.of(new BuildState(source, output, models));
  }

  /** The file's text; the same state always gives the same text. */
  String render() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("source ").append(escape(sourceDirectory.toString())).append('\n');
    out.append("output ").append(escape(outputDirectory.toString())).append('\n');
    models.forEach(
        (model, entry) -> {
          out.append("model ").append(entry.key()).append(' ').append(escape(model)).append('\n');
          for (Output o : entry.outputs()) {
            out.append("file ").append(o.sha256()).append(' ').append(escape(o.path())).append('\n');
          }
        });
    return out.toString();
  }

  /** Writes the state through a temporary file and a rename, so a killed build leaves the old state or the new. */
  void write(Path file) throws IOException {
    String text = render();
    if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
      return;
    }
    OutputFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == s.length()) {
        throw new IllegalArgumentException("dangling escape in " + s);
      }
      switch (s.charAt(i)) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        default -> throw new IllegalArgumentException("unknown escape in " + s);
      }
    }
    return out.toString();
  }
}
