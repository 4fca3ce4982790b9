package dev.nnet.cli;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnet generate MODEL -d DIR}: writes the model's generated Java sources under DIR. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write the Java source generated for a model (one class, in its package folder).")
final class GenerateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(
      names = {"-d", "--dir"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the sources to (package folders are created inside it).")
  Path dir;

  @Option(
      names = "--precision",
      paramLabel = "P",
      description = "Override the model's precision: ${COMPLETION-CANDIDATES}.")
  Precision precision;

  /** Refuses an output folder that is a file or a link to nothing, before anything is written. */
  static void requireFolder(Path dir, String option) {
    if (java.nio.file.Files.isSymbolicLink(dir) && !java.nio.file.Files.exists(dir)) {
      throw new UserError("nnet: " + option + " " + dir + " is a symbolic link to a missing folder", Main.EXIT_USAGE);
    }
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      throw new UserError("nnet: " + option + " " + dir + " is a file, not a folder", Main.EXIT_USAGE);
    }
  }

  @Override
  public Integer call() throws IOException {
    ModelSpec spec = ModelFiles.load(this.spec.commandLine(), model, this.spec.commandLine().getErr());
    List<JavaFile> files = Generator.generate(spec, new GeneratorOptions(Optional.ofNullable(precision), false));
    requireFolder(dir, "-d");
    List<Path> written = new java.util.ArrayList<>();
    Errors.io(() -> written.addAll(Generator.writeTo(files, dir)));
    var out = this.spec.commandLine().getOut();
    for (JavaFile f : files) {
      Path p = dir.resolve(f.packageName().replace('.', '/')).resolve(f.typeSpec().name() + ".java");
      // writeTo answers absolute paths; the user's own (maybe relative) spelling is printed.
      out.println((written.contains(p.toAbsolutePath().normalize()) ? "wrote " : "unchanged ") + p);
    }
    return Main.EXIT_OK;
  }
}
