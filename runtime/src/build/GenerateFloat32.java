import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the float32 twin of each float64 runtime class that asks for one, as EJML's {@code autocode} does for its
 * {@code _FDRM} classes: the float64 source is the only one anyone edits, and its twin cannot drift from it. The
 * runtime's POM runs this file in the generate-sources phase through Java's single-file launcher (nothing to compile
 * first):
 *
 * <pre>
 *   java GenerateFloat32.java src/main/java target/generated-sources/float32
 * </pre>
 *
 * A class asks with the line {@link #MARKER} above its Javadoc; its file is named {@code Double<Name>.java} and its
 * twin {@code Float<Name>.java}, in the same package. The twin is the float64 source with the {@link #RULES} below
 * applied line by line, the marker line left out and a header naming the source put first. javac then checks it, and
 * the float32 tests run it (RecurrentCellGradientTest compares each float32 cell with its float64 source).
 *
 * <p>The rules are textual, so the float64 source is written to convert mechanically: a value that must become a
 * float is cast where float64 would not need it ({@code (double) Math.exp(x)} becomes {@code (float) Math.exp(x)}),
 * and a call whose float32 version differs (the recurrent gates' polynomial sigmoid and tanh) goes through an
 * overloaded name both precisions share ({@code GateFunctions}). A twin is written only when its text changed, so
 * that an unchanged build recompiles nothing; a twin whose source no longer asks for one is deleted.
 */
public final class GenerateFloat32 {
  /** The line by which a float64 class asks for its float32 twin. */
  static final String MARKER = "// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java";

  /** One textual replacement; {@code codeOnly} leaves comment lines (Javadoc, // and /* lines) alone. */
  record Rule(Pattern pattern, String replacement, boolean codeOnly) {}

  /** A Java floating-point literal with no type suffix: 0.5, 1.0, .5, 1e-3, 2.5E+8. Not part of a longer name. */
  private static final String DECIMAL =
      "(?<![\\w.])((?:\\d+\\.\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|\\d+[eE][-+]?\\d+)(?![\\w.])";

  /** The conversion, in the order applied. Everything a float64 source may use must map through one of these. */
  static final List<Rule> RULES = List.of(
      // EJML names its float32 twins by the same letter: DMatrixRMaj → FMatrixRMaj, CommonOps_DDRM → CommonOps_FDRM
      new Rule(Pattern.compile("\\bDMatrix"), "FMatrix", false),
      new Rule(Pattern.compile("_DDRM\\b"), "_FDRM", false),
      // nnet's twins (DoubleGru → FloatGru, DoubleRecurrent → FloatRecurrent, DoubleVector → FloatVector) and
      // java.lang.Double → Float
      new Rule(Pattern.compile("\\bDouble"), "Float", false),
      // the type, in declarations, arrays and casts: (double) Math.exp(x) → (float) Math.exp(x)
      new Rule(Pattern.compile("\\bdouble\\b"), "float", false),
      // a name that starts with the precision: Parts.doubleMatrices → Parts.floatMatrices
      new Rule(Pattern.compile("\\bdouble(?=[A-Z])"), "float", false),
      // prose: "A float64 GRU" → "A float32 GRU"
      new Rule(Pattern.compile("\\bfloat64\\b"), "float32", false),
      // literals: 0.0 → 0.0f, 1e-3 → 1e-3f (a literal double would widen the float arithmetic around it)
      new Rule(Pattern.compile(DECIMAL), "$1f", true));

  private static final Pattern COMMENT_LINE = Pattern.compile("^\\s*(//|/\\*|\\*)");

  private GenerateFloat32() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java GenerateFloat32.java <float64 sources> <float32 output>");
      System.exit(2);
    }
    Path sources = Path.of(args[0]);
    Path output = Path.of(args[1]);
    Set<Path> written = new TreeSet<>();
    for (Path source : javaFiles(sources)) {
      List<String> lines = Files.readAllLines(source);
      if (!lines.contains(MARKER)) {
        continue;
      }
      Path relative = sources.relativize(source);
      String name = source.getFileName().toString();
      if (!name.startsWith("Double")) {
        throw new IllegalStateException(source + " asks for a float32 twin but is not named Double<Name>.java");
      }
      String twinName = "Float" + name.substring("Double".length());
      Path inSources = source.resolveSibling(twinName);
      if (Files.exists(inSources)) {
        throw new IllegalStateException(inSources + " is generated from " + name + ": delete the hand-written copy");
      }
      Path twin = output.resolve(relative).resolveSibling(twinName);
      writeIfChanged(twin, convert(lines, relative));
      written.add(twin);
    }
    deleteStale(output, written);
  }

  /** The float32 twin of {@code lines}, the float64 source at {@code relative}. */
  static String convert(List<String> lines, Path relative) {
    StringBuilder out = new StringBuilder();
    out.append("// Generated by runtime/src/build/GenerateFloat32.java in the runtime's generate-sources phase, from\n")
        .append("// runtime/src/main/java/").append(relative.toString().replace('\\', '/'))
        .append(" (the float64 source).\n")
        .append("// Do not edit: edit the float64 source, and the build writes this file again.\n");
    for (String line : lines) {
      if (line.equals(MARKER)) {
        continue;
      }
      boolean comment = COMMENT_LINE.matcher(line).find();
      for (Rule rule : RULES) {
        if (!(rule.codeOnly() && comment)) {
          line = rule.pattern().matcher(line).replaceAll(rule.replacement());
        }
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** Leaves an unchanged twin's timestamp alone, so that the compiler plugin sees nothing new. */
  private static void writeIfChanged(Path file, String text) throws IOException {
    if (Files.exists(file) && Files.readString(file).equals(text)) {
      return;
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** Deletes twins left from a source that no longer asks for one (or no longer exists). */
  private static void deleteStale(Path output, Set<Path> written) throws IOException {
    if (!Files.isDirectory(output)) {
      return;
    }
    List<Path> stale = new ArrayList<>();
    for (Path file : javaFiles(output)) {
      if (!written.contains(file)) {
        stale.add(file);
      }
    }
    for (Path file : stale) {
      Files.delete(file);
    }
  }
}
