package dev.nnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.compiler.pipeline.OutputPaths.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputPathsTest {
  @TempDir Path temp;

  @Test
  void mapsPackageAndClassToFolders() throws Exception {
    Path out = temp.resolve("out");
    assertThat(OutputPaths.sourceFile(out, "com.acme.models", "Iris"))
        .isEqualTo(out.resolve("com/acme/models/Iris.java"));
    assertThat(OutputPaths.sourceFile(out, "", "Iris")).isEqualTo(out.resolve("Iris.java"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "com..acme", "com/acme", "com.acme.", ".com", "com.int", "a b", "com.acme\\x", "/etc"})
  void refusesPackagesThatAreNotJavaNames(String pkg) {
    assertThatThrownBy(() -> OutputPaths.sourceFile(temp, pkg, "Iris"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not a Java package name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../Evil", "a/b", "_", "class", "null", "", "Iris.java", "C:Evil"})
  void refusesClassNamesThatAreNotJavaNames(String name) {
    assertThatThrownBy(() -> OutputPaths.sourceFile(temp, "com.acme", name))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not a Java class name");
  }

  @Test
  void refusesPathsOutsideTheRoot() {
    Path out = temp.resolve("out");
    assertThatThrownBy(() -> OutputPaths.requireInside(out, out.resolve("../elsewhere/X.java")))
        .isInstanceOf(UnsafePathException.class);
    assertThatThrownBy(() -> OutputPaths.requireInside(out, out)).isInstanceOf(UnsafePathException.class);
    assertThatThrownBy(() -> OutputPaths.requireInside(out, temp.resolve("outside/X.java")))
        .isInstanceOf(UnsafePathException.class);
  }

  @Test
  void refusesALinkInsideTheRootThatLeadsOut() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("com"), elsewhere);
    assertThatThrownBy(() -> OutputPaths.sourceFile(out, "com.acme", "Iris"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("leads out of the output directory");
    Files.createSymbolicLink(out.resolve("Evil.java"), elsewhere.resolve("victim.txt"));
    assertThatThrownBy(() -> OutputPaths.sourceFile(out, "", "Evil")).isInstanceOf(UnsafePathException.class);
  }

  @Test
  void acceptsALinkedOutputDirectoryItself() throws Exception {
    Path real = Files.createDirectories(temp.resolve("real"));
    Path out = Files.createSymbolicLink(temp.resolve("out"), real);
    assertThat(OutputPaths.sourceFile(out, "a", "B")).isEqualTo(out.resolve("a/B.java"));
  }

  @Test
  void folderGivesThePackage() {
    assertThat(OutputPaths.packageOfFolder(Path.of("Iris.nnet"))).contains("");
    assertThat(OutputPaths.packageOfFolder(Path.of("com/acme/Iris.nnet"))).contains("com.acme");
    assertThat(OutputPaths.packageOfFolder(Path.of("my-models/Iris.nnet"))).isEmpty();
    assertThat(OutputPaths.packageOfFolder(Path.of("com/int/Iris.nnet"))).isEmpty();
    assertThat(OutputPaths.packageOfFolder(Path.of("1st/Iris.nnet"))).isEmpty();
  }
}
