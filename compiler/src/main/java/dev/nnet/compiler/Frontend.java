package dev.nnet.compiler;

import dev.nnet.compiler.ast.ModelFile;
import dev.nnet.compiler.check.Checker;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.parse.ModelParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The front end's entry point: a model file in, a {@link CheckResult} out. Never throws on bad input: unreadable
 * files, lexer, parser and checker problems all become diagnostics.
 */
public final class Frontend {
  private Frontend() {}

  /** Reads (as UTF-8) and checks a model file; the diagnostics name it as given. */
  public static CheckResult check(Path file) {
    String name = file.toString();
    String source;
    try {
      byte[] bytes = Files.readAllBytes(file);
      source =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return unreadable(name, "is not UTF-8 text");
    } catch (IOException | SecurityException e) {
      String reason = e instanceof java.nio.file.NoSuchFileException ? "does not exist" : "cannot be read";
      if (e instanceof IOException && Files.isDirectory(file)) {
        reason = "is a directory";
      }
      return unreadable(name, reason);
    }
    return check(name, fileNameOf(file), source);
  }

  /** Checks model text; {@code fileName} is what diagnostics and the generated header call it. */
  public static CheckResult check(String fileName, String source) {
    return check(fileName, baseName(fileName), source);
  }

  private static CheckResult check(String fileName, String sourceFile, String source) {
    Diagnostics diagnostics = new Diagnostics();
    ModelFile tree = ModelParser.parse(fileName, source, diagnostics);
    // A file the parser refused outright (nested too deeply) has no statements to check.
    Optional<ModelSpec> model =
        tree.statements().isEmpty() && diagnostics.hasErrors()
            ? Optional.empty()
            : Checker.check(tree, sourceFile, diagnostics, LayerTable.KEYWORDS);
    return new CheckResult(fileName, source, diagnostics.hasErrors() ? Optional.empty() : model, diagnostics.sorted());
  }

  private static CheckResult unreadable(String name, String reason) {
    Diagnostic d =
        Diagnostic.error(Codes.UNREADABLE, SourceSpan.at(name, 1, 1), "the model file " + reason);
    return new CheckResult(name, "", Optional.empty(), List.of(d));
  }

  private static String fileNameOf(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  /** The last segment of a path written either way, so generated headers are the same on every machine. */
  private static String baseName(String fileName) {
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    return fileName.substring(slash + 1);
  }
}
