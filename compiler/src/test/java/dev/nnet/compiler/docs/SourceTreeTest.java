package dev.nnet.compiler.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.frontend.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of every module's main sources, as ../shared/STYLE.md asks and issue 14 settled: files a newcomer reads in
 * one sitting, and a {@code package-info.java} per package that says truthfully what the package depends on. Read
 * as text from {@code src/main/java} of every module (the invoker projects under {@code src/it} are users' code),
 * so that it needs no module's classes.
 */
class SourceTreeTest {
  /** Issue 14 asked for about 400 lines; past this a file holds two ideas, and its split should be chosen now. */
  private static final int MAX_LINES = 400;

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern NNET_IMPORT = Pattern.compile("^import (?:static )?(dev\\.nnet\\.[\\w.]+);",
      Pattern.MULTILINE);
  private static final Pattern LINK = Pattern.compile("\\{@(?:link|linkplain|value) ([\\w.]+)(?:#\\w+)?");
  private static final Pattern CODE_NAME = Pattern.compile("\\{@(?:code|link) ([A-Z]\\w*)\\}");
  /** A module's name as its package-infos write it, for a package that depends on another module. */
  private static final Map<String, String> MODULE_NAMES = Map.of(
      "runtime", "the runtime", "compiler", "the compiler", "cli", "the command line", "grammar", "grammar");

  /** One package of main sources: its folder, its classes' simple names and the nnet packages it imports from. */
  private record Package(String name, Path folder, Set<String> classes, Set<String> dependencies) {}

  @Test
  void noMainSourceFileIsTooLongToReadInOneSitting() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path file : mainSources()) {
      String relative = RepoRoot.find().relativize(file).toString();
      long lines = Files.readAllLines(file).size();
      if (lines > MAX_LINES) {
        tooLong.add(relative + " (" + lines + " lines)");
      }
    }
    assertThat(tooLong).as("main source files over %d lines: split each along a seam (STYLE.md, 'one idea a file')",
        MAX_LINES).isEmpty();
  }

  @Test
  void everyPackageHasAPackageInfoThatSaysSomething() throws IOException {
    for (Package p : packages().values()) {
      Path info = p.folder().resolve("package-info.java");
      assertThat(info).as("package %s has a package-info.java", p.name()).isRegularFile();
      String doc = javadoc(info);
      assertThat(doc).as("%s: a Javadoc comment whose first sentence says what lives there", info)
          .matches("(?s)\\s*[A-Z{].{20,}?\\..*");
    }
  }

  /**
   * Every nnet package a package imports from is named in its package-info: by its qualified name, its last segment
   * as a word ("the kernel package", "diag"), a class of it in {@code {@code}} or {@code {@link}}, a parent with a
   * wildcard ("dev.nnet.compiler.layers.*" names every package under it), or, for another module's packages, that
   * module ("the runtime"). A new import from a package the package-info does not mention
   * means either the text or the dependency is wrong.
   */
  @Test
  void packageInfosNameEveryPackageTheirPackageDependsOn() throws IOException {
    Map<String, Package> packages = packages();
    List<String> unnamed = new ArrayList<>();
    for (Package p : packages.values()) {
      String doc = javadoc(p.folder().resolve("package-info.java"));
      for (String dependency : p.dependencies()) {
        if (!names(doc, dependency, p.name(), packages.get(dependency))) {
          unnamed.add(p.name() + " imports from " + dependency);
        }
      }
    }
    assertThat(unnamed).as("dependencies their package-info.java does not name").isEmpty();
  }

  /** Every class or package a package-info links to exists: a rename leaves no link to nothing behind. */
  @Test
  void packageInfoLinksPointAtWhatExists() throws IOException {
    Map<String, Package> packages = packages();
    for (Package p : packages.values()) {
      Path info = p.folder().resolve("package-info.java");
      Matcher m = LINK.matcher(javadoc(info));
      while (m.find()) {
        String target = m.group(1);
        boolean isPackage = packages.containsKey(target);
        boolean isClass = target.contains(".") ? classExists(packages, target) : p.classes().contains(target);
        assertThat(isPackage || isClass).as("%s links to %s", info, target).isTrue();
      }
    }
  }

  private static boolean names(String doc, String dependency, String self, Package dep) {
    String text = doc.replaceAll("\\s+", " ");
    if (text.matches("(?s).*\\b" + Pattern.quote(dependency) + "\\b.*")) {
      return true;
    }
    for (int dot = dependency.lastIndexOf('.'); dot > 0; dot = dependency.lastIndexOf('.', dot - 1)) {
      if (text.contains(dependency.substring(0, dot) + ".*")) {
        return true;
      }
    }
    Matcher code = CODE_NAME.matcher(text);
    while (code.find()) {
      if (dep != null && dep.classes().contains(code.group(1))) {
        return true;
      }
    }
    String module = dependency.split("\\.")[2];
    boolean moduleRoot = dependency.split("\\.").length == 3;
    if (!moduleRoot && text.matches("(?s).*\\b" + dependency.substring(dependency.lastIndexOf('.') + 1) + "\\b.*")) {
      return true;
    }
    boolean otherModule = !self.split("\\.")[2].equals(module);
    if (moduleRoot && !otherModule) {
      return text.contains(module + "'s core"); // "the runtime's core": Network, Parameter, Dataset, Rng
    }
    return otherModule && MODULE_NAMES.containsKey(module) && text.contains(MODULE_NAMES.get(module));
  }

  private static boolean classExists(Map<String, Package> packages, String qualified) {
    int dot = qualified.lastIndexOf('.');
    Package p = packages.get(qualified.substring(0, dot));
    return p != null && p.classes().contains(qualified.substring(dot + 1));
  }

  /** The text of a package-info's Javadoc comment, without its comment markers; empty when there is none. */
  private static String javadoc(Path info) throws IOException {
    if (!Files.isRegularFile(info)) {
      return ""; // everyPackageHasAPackageInfoThatSaysSomething names it
    }
    String source = Files.readString(info);
    int start = source.indexOf("/**");
    int end = source.indexOf("*/", start + 3);
    if (start < 0 || end < 0) {
      return "";
    }
    return source.substring(start + 3, end).replaceAll("(?m)^\\s*\\*", " ").strip();
  }

  private static Map<String, Package> packages() throws IOException {
    Map<String, Package> packages = new TreeMap<>();
    for (Path file : mainSources()) {
      String source = Files.readString(file);
      Matcher m = PACKAGE.matcher(source);
      if (!m.find()) {
        continue;
      }
      Package p = packages.computeIfAbsent(m.group(1),
          name -> new Package(name, file.getParent(), new TreeSet<>(), new TreeSet<>()));
      String simpleName = file.getFileName().toString().replace(".java", "");
      if (!simpleName.equals("package-info")) {
        p.classes().add(simpleName);
      }
      Matcher imports = NNET_IMPORT.matcher(source);
      while (imports.find()) {
        String imported = packageOf(imports.group(1));
        if (!imported.equals(p.name())) {
          p.dependencies().add(imported);
        }
      }
    }
    return packages;
  }

  /** The package part of an imported name: its segments up to the first that starts with a capital. */
  private static String packageOf(String imported) {
    List<String> segments = new ArrayList<>();
    for (String s : imported.split("\\.")) {
      if (Character.isUpperCase(s.charAt(0))) {
        break;
      }
      segments.add(s);
    }
    return String.join(".", segments);
  }

  private static List<Path> mainSources() throws IOException {
    Path root = RepoRoot.find();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().toList()) {
        try (Stream<Path> walk = Files.walk(module.resolve("src/main/java"))) {
          walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
    }
    assertThat(files).as("main sources under %s", root).hasSizeGreaterThan(100);
    return files;
  }
}
