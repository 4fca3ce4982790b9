package dev.nnet.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.LayerTable;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.frontend.RepoRoot;
import dev.nnet.compiler.model.LayerSpec;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What keeps the layer kinds exhaustive now that {@link LayerSpec} is not sealed: each stage reaches a kind through
 * the abstract methods of {@link Layer} (a kind missing one does not compile), and this test checks that no
 * {@link LayerSpec} escapes that contract or the table: every implementation among the compiler's classes is a
 * {@link Layer} in its kind's package under {@code dev.nnet.compiler.layers}, and is made by a keyword of
 * {@link LayerTable}.
 */
class LayerTableTest {
  @Test
  void everyLayerSpecIsALayerInItsKindsPackageAndMadeByAKeyword() throws Exception {
    Set<Class<?>> made = LayerTable.KEYWORDS.values().stream().map(LayerKind::spec).collect(Collectors.toSet());
    List<Class<?>> specs = layerSpecs();
    assertThat(specs).as("layer specs among the compiler's classes").hasSizeGreaterThanOrEqualTo(14);
    for (Class<?> spec : specs) {
      assertThat(Layer.class.isAssignableFrom(spec)).as("%s implements Layer", spec.getName()).isTrue();
      assertThat(spec.getPackageName()).as("%s lives in a kind's package", spec.getName())
          .startsWith("dev.nnet.compiler.layers.");
      assertThat(made).as("%s is made by a keyword of LayerTable", spec.getName()).contains(spec);
    }
  }

  @Test
  void everyKeywordMakesALayer() {
    for (LayerKind kind : LayerTable.KEYWORDS.values()) {
      assertThat(Layer.class.isAssignableFrom(kind.spec())).as(kind.keyword()).isTrue();
      assertThat(kind.positional()).as(kind.keyword()).isBetween(0, kind.parameters().size());
    }
  }

  /** The fuzzer's dictionary names every layer keyword, so Jazzer's mutator can write each one. */
  @Test
  void everyKeywordIsInTheFuzzDictionary() throws Exception {
    String dictionary = Files.readString(RepoRoot.find()
        .resolve("compiler/src/test/resources/dev/nnet/compiler/fuzz/nnet.dict"));
    for (String keyword : LayerTable.KEYWORDS.keySet()) {
      assertThat(dictionary).as(keyword).contains("\"" + keyword + "\"");
    }
  }

  /**
   * The Maven plugin only generates code and does not carry Tribuo's ONNX classes (the compiler's dependency on them
   * is optional): every spec must load, link and initialize without them, so a kind keeps its ONNX code in its
   * writer class, which only an export loads.
   */
  @Test
  void everyLayerSpecLoadsWithoutTheOnnxLibraries() throws Exception {
    Path classes = Path.of(LayerSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ClassLoader withoutOnnx = new ClassLoader(LayerTableTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        // the compiler's own classes come from the child loader below, so that they link against this one
        if (name.startsWith("org.tribuo.") || name.startsWith("ai.onnx.") || name.startsWith("dev.nnet.compiler.")) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, withoutOnnx)) {
      for (Class<?> spec : layerSpecs()) {
        assertThat(Class.forName(spec.getName(), true, loader)).as(spec.getName()).isNotNull();
      }
      assertThat(Class.forName(LayerTable.class.getName(), true, loader)).isNotNull();
    }
  }

  /** The concrete classes implementing {@link LayerSpec} in the compiler's class folder (or jar's folder). */
  private static List<Class<?>> layerSpecs() throws Exception {
    Path classes = Path.of(LayerSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).as("the compiler's classes are a folder when its tests run").isDirectory();
    Set<String> names = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
          .forEach(f -> names.add(classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
              .replaceAll("\\.class$", "")));
    }
    List<Class<?>> specs = new ArrayList<>();
    for (String name : names) {
      Class<?> c = Class.forName(name, false, LayerSpec.class.getClassLoader());
      if (LayerSpec.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
        specs.add(c);
      }
    }
    return specs;
  }
}
