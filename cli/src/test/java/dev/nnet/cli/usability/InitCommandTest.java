package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.model.ModelSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code init}: the starter model checks, trains at once and learns its data; the starter Maven project has a
 * well-formed POM using nnet-maven-plugin at this version, and its model and test compile and pass.
 */
@Tag("slow") // javac-heavy: compiles and runs the starter project
class InitCommandTest {
  @TempDir Path dir;

  @Test
  void starterModelTrainsAndLearns() throws Exception {
    Cli.Result r = Cli.run(dir, "init", "rings", "-d", "work");
    assertThat(r.exit()).as(r.toString()).isZero();
    Path model = dir.resolve("work/rings/rings.nnet");
    assertThat(r.out()).contains("wrote " + model).contains("wrote " + dir.resolve("work/rings/rings.csv"))
        .contains("Next: ./nnet train " + model);
    List<String> data = Files.readAllLines(dir.resolve("work/rings/rings.csv"));
    assertThat(data.get(0)).isEqualTo("x,y,ring");
    assertThat(data).hasSize(301);

    Cli.Result check = Cli.run(dir, "check", "work/rings/rings.nnet");
    assertThat(check.exit()).as(check.toString()).isZero();
    assertThat(check.err()).isEmpty();

    Cli.Result train = Cli.run(dir, "train", "work/rings/rings.nnet", "--no-plot");
    assertThat(train.exit()).as(train.toString()).isZero();
    String test = train.out().lines().filter(l -> l.startsWith("test: ")).findFirst().orElseThrow();
    double accuracy = Double.parseDouble(test.replaceAll(".*accuracy ", ""));
    assertThat(accuracy).as(train.out()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void existingFilesAreKeptUnlessForced() {
    assertThat(Cli.run(dir, "init", "rings").exit()).isZero();
    Cli.Result again = Cli.run(dir, "init", "rings");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err().strip()).isEqualTo("not overwriting " + dir.resolve("rings/rings.nnet")
        + " and 1 more; choose another NAME or folder, or give --force");
    assertThat(Cli.run(dir, "init", "rings", "--force").exit()).isZero();
  }

  @Test
  void badNamesAreUsageErrors() {
    for (String name : List.of("9lives", "my model", "../up")) {
      Cli.Result r = Cli.run(dir, "init", name);
      assertThat(r.exit()).as(name).isEqualTo(2);
      assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("nnet: NAME must be letters");
    }
  }

  @Test
  void mavenProjectUsesThePluginAndItsTestPasses() throws Exception {
    Cli.Result r = Cli.run(dir, "init", "my-rings", "--maven");
    assertThat(r.exit()).as(r.toString()).isZero();
    Path project = dir.resolve("my-rings");

    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(project.resolve("pom.xml").toFile());
    Element plugin = null;
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (text(p, "artifactId").equals("nnet-maven-plugin")) {
        plugin = p;
      }
    }
    assertThat(plugin).as("nnet-maven-plugin in the POM").isNotNull();
    assertThat(text(plugin, "groupId")).isEqualTo("dev.nnet");
    assertThat(text(plugin, "version")).isEqualTo("${nnet.version}");
    assertThat(text(plugin, "goal")).isEqualTo("generate");
    String version = text((Element) pom.getElementsByTagName("properties").item(0), "nnet.version");
    String parent = Files.readString(Cli.repoRoot().resolve("pom.xml"));
    assertThat(parent).contains("<artifactId>nnet-parent</artifactId>\n  <version>" + version + "</version>");

    // What the plugin does: the model under src/main/nnet, its folder giving the package.
    Path model = project.resolve("src/main/nnet/com/example/myrings/MyRings.nnet");
    CheckResult checked = Frontend.check(model);
    assertThat(checked.hasErrors()).as(checked.render()).isFalse();
    ModelSpec m = checked.model().orElseThrow();
    ModelSpec inPackage = new ModelSpec(m.name(), "com.example.myrings", m.sourceFile(), m.precision(), m.input(),
        m.layers(), m.loss(), m.task(), m.metrics(), m.optimizer(), m.training(), m.data());
    Path generated = project.resolve("target/generated-sources/nnet");
    Generator.writeTo(Generator.generate(inPackage, GeneratorOptions.defaults()), generated);

    Path classes = project.resolve("target/test-classes");
    Javac.compile(classes, System.getProperty("java.class.path"), List.of(
        generated.resolve("com/example/myrings/MyRings.java"),
        project.resolve("src/test/java/com/example/myrings/MyRingsTest.java")));
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {classes.toUri().toURL(), project.resolve("src/test/resources").toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> test = loader.loadClass("com.example.myrings.MyRingsTest");
      Constructor<?> ctor = test.getDeclaredConstructor();
      ctor.setAccessible(true);
      Method learns = test.getDeclaredMethod("learnsTheRings");
      learns.setAccessible(true);
      learns.invoke(ctor.newInstance());
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    assertThat(nodes.getLength()).as(tag).isPositive();
    return nodes.item(0).getTextContent().strip();
  }
}
