package dev.nnet.compiler.pipeline;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.pipeline.BuildState.Entry;
import dev.nnet.compiler.pipeline.BuildState.Output;
import dev.nnet.compiler.pipeline.ModelReport.Status;
import dev.nnet.compiler.pipeline.OutputPaths.UnsafePathException;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.model.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a folder of model files into Java sources, incrementally. A model is compiled again only when its text, its
 * path, the generator options or the compiler itself changed, or when one of its generated files was changed or
 * removed; otherwise it is not even parsed and its files keep their timestamps (so javac need not recompile them). A
 * compiled model's files are rewritten only when their text changed. The classes of a model file that is gone are
 * deleted. Nothing is written or deleted outside the output directory.
 *
 * <p>Problems of the build itself are diagnostics at the model file's first line, with codes of their own in the
 * {@code E09x} group (beside {@link Codes}'s), and {@link Codes#UNREADABLE} for a file that cannot be read:
 *
 * <ul>
 *   <li>{@value #E_FOLDER_NOT_PACKAGE}: the model names no package and its folder is not a Java package name;
 *   <li>{@value #E_UNSAFE_OUTPUT}: a generated class's package or name is not a Java name, or its file would not be
 *       under the output directory;
 *   <li>{@value #E_DUPLICATE_CLASS}: two model files generate the same class (compared ignoring case, as on
 *       case-insensitive file systems).
 * </ul>
 */
public final class ModelBuilder {
  public static final String E_FOLDER_NOT_PACKAGE = "E090";
  public static final String E_UNSAFE_OUTPUT = "E091";
  public static final String E_DUPLICATE_CLASS = "E092";

  /** Model files are the files with this extension under the source directory, at any depth. */
  public static final String EXTENSION = ".nnet";

  /** Bumped when the key's recipe changes, so that old state files stop matching. */
  private static final String KEY_FORMAT = "nnet-build-key 1";

  private final BuildRequest request;
  private final String compilerFingerprint;

  ModelBuilder(BuildRequest request, String compilerFingerprint) {
    this.request = request;
    this.compilerFingerprint = compilerFingerprint;
  }

  /**
   * Builds every model under the request's source directory, and records what it generated in the state file.
   * Errors in model files do not throw: they are in the result's reports, and the other models are still built.
   *
   * @throws IOException when the output directory or the state file cannot be written
   */
  public static BuildResult build(BuildRequest request) throws IOException {
    return new ModelBuilder(request, CompilerFingerprint.current()).run();
  }

  BuildResult run() throws IOException {
    Path source = request.sourceDirectory();
    Path output = request.outputDirectory();
    BuildState previous = BuildState.read(request.stateFile(), source, output);

    List<Work> works = new ArrayList<>();
    for (Path file : findModels(source)) {
      works.add(examine(file, previous));
    }
    claimClasses(works);

    Map<String, Entry> next = new TreeMap<>();
    List<Path> written = new ArrayList<>();
    List<ModelReport> reports = new ArrayList<>();
    for (Work work : works) {
      if (work.status == Status.COMPILED) {
        write(work, written);
      }
      if (work.entry != null) {
        next.put(work.relative, work.entry);
      }
      reports.add(work.report());
    }
    List<Path> deleted = deleteStale(previous, next);
    new BuildState(source, output, next).write(request.stateFile());
    return new BuildResult(reports, written, deleted);
  }

  /** A model file on its way through the build. */
  private final class Work {
    final Path file;
    final String relative;
    /** The previous build's record of this model, if any. */
    final Entry previous;
    Status status;
    String text = "";
    List<Diagnostic> diagnostics = new ArrayList<>();
    /** Compiled: the generated sources and where each goes. */
    List<JavaFile> files = List.of();
    List<Path> targets = List.of();
    String key;
    /** What the state will record for this model: the new entry, or the previous one while the model fails. */
    Entry entry;

    Work(Path file, String relative, Entry previous) {
      this.file = file;
      this.relative = relative;
      this.previous = previous;
    }

    void fail(Diagnostic... more) {
      diagnostics.addAll(List.of(more));
      status = Status.FAILED;
      // The previous outputs stay on disk and in the state, so that a later build still knows they are ours.
      entry = previous;
      files = List.of();
      targets = List.of();
    }

    Diagnostic error(String code, String message, String hint) {
      Diagnostic d = Diagnostic.error(code, SourceSpan.at(file.toString(), 1, 1), message);
      return hint == null ? d : d.withHint(hint);
    }

    List<Path> outputs() {
      if (entry == null) {
        return List.of();
      }
      return entry.outputs().stream().map(o -> request.outputDirectory().resolve(o.path())).toList();
    }

    ModelReport report() {
      return new ModelReport(file, status, outputs(), text, diagnostics);
    }
  }

  private Work examine(Path file, BuildState previous) {
    String relative = slashed(request.sourceDirectory().relativize(file));
    Entry before = previous.models().get(relative);
    Work work = new Work(file, relative, before);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      work.fail(work.error(Codes.UNREADABLE, "the model file cannot be read: " + e.getMessage(), null));
      return work;
    }
    work.key = key(relative, bytes);
    if (before != null && before.key().equals(work.key) && intact(before)) {
      work.status = Status.UP_TO_DATE;
      work.entry = before;
      return work;
    }
    try {
      work.text = StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      work.fail(work.error(Codes.UNREADABLE, "the model file is not UTF-8 text", "save it as UTF-8"));
      return work;
    }
    compile(work);
    return work;
  }

  private void compile(Work work) {
    CheckResult checked;
    try {
      checked = Frontend.check(work.relative, work.text);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the front end failed on " + work.file + " (a bug: please report it)", e);
    }
    for (Diagnostic d : checked.diagnostics()) {
      work.diagnostics.add(atFile(d, work.relative, work.file.toString()));
    }
    if (checked.hasErrors() || checked.model().isEmpty()) {
      work.fail();
      return;
    }
    ModelSpec model = checked.model().get();
    if (model.javaPackage().isEmpty()) {
      Optional<String> folder = OutputPaths.packageOfFolder(Path.of(work.relative));
      if (folder.isEmpty()) {
        work.fail(
            work.error(
                E_FOLDER_NOT_PACKAGE,
                "the folder `" + Path.of(work.relative).getParent() + "` is not a Java package name, and the model"
                    + " names no package",
                "name the package in the model file, or rename the folder to Java identifiers"));
        return;
      }
      model = inPackage(model, folder.get());
    }
    List<JavaFile> files;
    try {
      files = Generator.generate(model, request.options());
    } catch (RuntimeException e) {
      throw new IllegalStateException("the code generator failed on " + work.file + " (a bug: please report it)", e);
    }
    List<Path> targets = new ArrayList<>();
    for (JavaFile f : files) {
      try {
        targets.add(OutputPaths.sourceFile(request.outputDirectory(), f.packageName(), f.typeSpec().name()));
      } catch (UnsafePathException e) {
        work.fail(work.error(E_UNSAFE_OUTPUT, "refusing to generate this model's class: " + e.getMessage(), null));
        return;
      }
    }
    work.status = Status.COMPILED;
    work.files = files;
    work.targets = targets;
    // A model with warnings is checked on every build, so that its warnings are shown every time.
    work.key = work.diagnostics.isEmpty() ? work.key : BuildState.ALWAYS_CHECK;
  }

  /**
   * Fails a compiled model whose class another model (earlier in path order, or up to date) already generates.
   * Compared ignoring case: on a case-insensitive file system {@code Iris.java} and {@code IRIS.java} are one file.
   */
  private void claimClasses(List<Work> works) {
    Map<String, String> owner = new HashMap<>();
    for (Work work : works) {
      if (work.status == Status.UP_TO_DATE) {
        for (Output o : work.entry.outputs()) {
          owner.putIfAbsent(o.path().toLowerCase(Locale.ROOT), work.relative);
        }
      }
    }
    for (Work work : works) {
      if (work.status != Status.COMPILED) {
        continue;
      }
      for (Path target : work.targets) {
        String claimed = slashed(request.outputDirectory().relativize(target)).toLowerCase(Locale.ROOT);
        String other = owner.get(claimed);
        if (other != null && !other.equals(work.relative)) {
          work.fail(
              work.error(
                  E_DUPLICATE_CLASS,
                  "this model generates " + target.getFileName() + ", which " + other + " also generates",
                  "give one of the models another name or package"));
          break;
        }
      }
      if (work.status == Status.COMPILED) {
        for (Path target : work.targets) {
          owner.put(slashed(request.outputDirectory().relativize(target)).toLowerCase(Locale.ROOT), work.relative);
        }
      }
    }
  }

  private void write(Work work, List<Path> written) throws IOException {
    Path output = request.outputDirectory();
    List<Path> wrote = Generator.writeTo(work.files, output);
    for (Path p : wrote) {
      Path normal = p.toAbsolutePath().normalize();
      if (!work.targets.contains(normal)) {
        throw new IllegalStateException("the generator wrote " + p + ", expected one of " + work.targets);
      }
      written.add(normal);
    }
    List<Output> outputs = new ArrayList<>();
    for (Path target : work.targets) {
      outputs.add(new Output(slashed(output.relativize(target)), Hashes.sha256(Files.readAllBytes(target))));
    }
    work.entry = new Entry(work.key, outputs);
  }

  /** Deletes the files the previous build generated that no model generates now, and folders left empty. */
  private List<Path> deleteStale(BuildState previous, Map<String, Entry> next) throws IOException {
    Path output = request.outputDirectory();
    Set<String> kept = new HashSet<>();
    next.values().forEach(e -> e.outputs().forEach(o -> kept.add(o.path().toLowerCase(Locale.ROOT))));
    List<Path> deleted = new ArrayList<>();
    for (Entry entry : previous.models().values()) {
      for (Output o : entry.outputs()) {
        // Ignoring case: a class renamed from IRIS to Iris is the same file on some systems, and is kept.
        if (kept.contains(o.path().toLowerCase(Locale.ROOT))) {
          continue;
        }
        Path file = output.resolve(o.path()).normalize();
        try {
          OutputPaths.requireInside(output, file);
        } catch (UnsafePathException e) {
          continue; // Not ours to delete, whatever the state file says.
        }
        if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
          deleted.add(file);
          deleteEmptyFolders(file.getParent(), output);
        }
      }
    }
    return deleted;
  }

  private static void deleteEmptyFolders(Path folder, Path root) throws IOException {
    for (Path f = folder; f != null && f.startsWith(root) && !f.equals(root); f = f.getParent()) {
      try (Stream<Path> children = Files.list(f)) {
        if (children.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(f);
    }
  }

  private boolean intact(Entry entry) {
    for (Output o : entry.outputs()) {
      Path file = request.outputDirectory().resolve(o.path()).normalize();
      try {
        OutputPaths.requireInside(request.outputDirectory(), file);
        if (!Files.isRegularFile(file) || !Hashes.sha256(Files.readAllBytes(file)).equals(o.sha256())) {
          return false;
        }
      } catch (UnsafePathException | IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Everything the generated code of one model depends on, hashed. */
  private String key(String relative, byte[] bytes) {
    var digest = Hashes.sha256();
    String head = KEY_FORMAT + "\n" + compilerFingerprint + "\n" + request.options() + "\n" + relative + "\n";
    digest.update(head.getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
    return Hashes.hex(digest.digest());
  }

  private static List<Path> findModels(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(source)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(EXTENSION))
          .filter(Files::isRegularFile)
          .sorted((a, b) -> slashed(source.relativize(a)).compareTo(slashed(source.relativize(b))))
          .toList();
    }
  }

  /** The model's diagnostics, naming {@code absolute} where the front end named the file as it was given. */
  static Diagnostic atFile(Diagnostic d, String given, String absolute) {
    SourceSpan s = d.span();
    if (!s.file().equals(given)) {
      return d;
    }
    SourceSpan moved = new SourceSpan(absolute, s.line(), s.column(), s.endLine(), s.endColumn());
    return new Diagnostic(d.severity(), d.code(), d.message(), moved, d.hint());
  }

  static ModelSpec inPackage(ModelSpec m, String javaPackage) {
    return new ModelSpec(
        m.name(),
        javaPackage,
        m.sourceFile(),
        m.precision(),
        m.input(),
        m.layers(),
        m.loss(),
        m.task(),
        m.metrics(),
        m.optimizer(),
        m.training(),
        m.data());
  }

  static String slashed(Path relative) {
    return relative.toString().replace('\\', '/');
  }
}
