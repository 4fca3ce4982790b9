package dev.nnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet init NAME [--maven]}: a folder NAME with a starter model and data it trains on at once, or, with
 * {@code --maven}, a Maven project whose build generates the model's class with nnet-maven-plugin and whose test
 * trains it.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Start a model: write NAME/NAME.nnet with data it trains on straight away (NAME/NAME.csv), or with --maven"
            + " a Maven project that generates the model's class with nnet-maven-plugin and trains it in a test.")
final class InitCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final String[] RINGS = {"inner", "middle", "outer"};

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The model's name: letters, digits, '_' and '-', starting with a letter (my-model gives MyModel).")
  String name;

  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where to create the folder NAME (default: the current folder).")
  Path dir;

  @Option(names = "--maven", description = "Write a Maven project using nnet-maven-plugin instead.")
  boolean maven;

  @Option(
      names = "--package",
      paramLabel = "PACKAGE",
      description = "The Java package of the model's class with --maven (default: com.example.NAME).")
  String javaPackage;

  @Option(names = "--force", description = "Overwrite files that already exist.")
  boolean force;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    if (!NAME.matcher(name).matches()) {
      throw new CommandLine.ParameterException(cmd, "NAME must be letters, digits, '_' and '-', starting with a"
          + " letter, got '" + name + "'");
    }
    String model = className(name);
    if (SourceVersion.isKeyword(model)) {
      throw new CommandLine.ParameterException(cmd, "'" + model + "' is a Java keyword; choose another NAME");
    }
    if (javaPackage != null && !maven) {
      throw new CommandLine.ParameterException(cmd, "--package goes with --maven");
    }
    String pkg = javaPackage != null
        ? javaPackage
        : "com.example." + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (!SourceVersion.isName(pkg)) {
      throw new CommandLine.ParameterException(cmd, "--package must be a Java package name, got '" + pkg + "'");
    }
    Path root = dir.resolve(name).normalize();
    Map<Path, String> files = maven ? mavenProject(root, model, pkg) : modelFiles(root, model);
    List<Path> existing = new ArrayList<>();
    for (Path p : files.keySet()) {
      if (Files.exists(p)) {
        existing.add(p);
      }
    }
    if (!existing.isEmpty() && !force) {
      throw new UserError("not overwriting " + existing.get(0) + (existing.size() > 1 ? " and " + (existing.size() - 1)
          + " more" : "") + "; choose another NAME or folder, or give --force");
    }
    PrintWriter out = cmd.getOut();
    for (Map.Entry<Path, String> f : files.entrySet()) {
      Errors.io(() -> Files2.writeAtomically(f.getKey(), f.getValue()));
      out.println("wrote " + f.getKey());
    }
    if (maven) {
      out.println("Next: cd " + root + " && mvn verify   (generates " + model + ".java from src/main/nnet, then"
          + " trains it in " + model + "Test)");
    } else {
      Path nnet = root.resolve(name + ".nnet");
      out.println("Next: ./nnet train " + nnet + "   (then evaluate, predict or export it; ./nnet --help lists how)");
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** {@code my-model} and {@code my_model} give {@code MyModel}. */
  static String className(String name) {
    StringBuilder s = new StringBuilder();
    for (String part : name.split("[-_]+")) {
      if (!part.isEmpty()) {
        s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return s.toString();
  }

  private Map<Path, String> modelFiles(Path root, String model) {
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(root.resolve(name + ".nnet"), modelText(model, false));
    files.put(root.resolve(name + ".csv"), rings());
    return files;
  }

  private Map<Path, String> mavenProject(Path root, String model, String pkg) {
    Path pkgDir = Path.of(pkg.replace('.', '/'));
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(root.resolve("pom.xml"), pom(pkg));
    files.put(root.resolve("src/main/nnet").resolve(pkgDir).resolve(model + ".nnet"), modelText(model, true));
    files.put(root.resolve("src/test/java").resolve(pkgDir).resolve(model + "Test.java"), test(model, pkg));
    files.put(root.resolve("src/test/resources").resolve(name + ".csv"), rings());
    files.put(root.resolve(".gitignore"), "target/\n");
    files.put(root.resolve("README.md"), readme(model, pkg));
    return files;
  }

  /** The starter model: commented line by line, for a first reading. */
  private String modelText(String model, boolean maven) {
    String header = !maven
        ? "# " + name + ": a starter model written by `nnet init`. Change it, then train it:\n"
            + "#   ./nnet train " + name + "/" + name + ".nnet\n"
            + "# " + name + ".csv holds 300 points in the plane on three rings around the origin; the network learns\n"
            + "# which ring a point is on. No straight line separates the rings, so it needs its hidden layer.\n"
        : "# " + name + ": a starter model written by `nnet init --maven`. The folder under src/main/nnet gives the\n"
            + "# package; `mvn compile` generates the class " + model + " from this file. Its test trains it on\n"
            + "# points on three rings around the origin and checks that it tells the rings apart.\n";
    String data = "\n"
        + (maven
            ? "# The settings above and this block travel with the class: its path is relative to the folder the test\n"
                + "# hands to Training.of(model).fit(folder).\n"
            : "")
        + "data {\n"
        + "  train csv(\"" + name + ".csv\", label = \"ring\")   # features x and y, the class in column ring\n"
        + "  test split 0.2          # hold out a fifth of the points to test on\n"
        + "  standardize             # scale each feature to mean 0 and variance 1\n"
        + "}\n";
    return header
        + "model " + model + "\n"
        + "\n"
        + "input [2]                 # two features per sample\n"
        + "dense 32 relu             # a hidden layer of 32 units\n"
        + "dense 3 softmax           # a probability for each of the three classes\n"
        + "\n"
        + "loss sparse_categorical_crossentropy   # the label is one class per sample\n"
        + "metrics accuracy\n"
        + "optimizer adam(learning_rate = 0.01)\n"
        + "train { batch_size 16  epochs 40  validation_split 0.1  seed 42 }\n"
        + data;
  }

  /**
   * 300 points, 100 on each of three rings of radius 1, 2 and 3 with Gaussian noise of 0.2, in shuffled order; the
   * same every time (seed 42).
   */
  static String rings() {
    Random random = new Random(42);
    List<String> rows = new ArrayList<>();
    for (int ring = 0; ring < RINGS.length; ring++) {
      for (int i = 0; i < 100; i++) {
        double angle = 2 * Math.PI * random.nextDouble();
        double radius = ring + 1 + 0.2 * random.nextGaussian();
        rows.add(String.format(Locale.ROOT, "%.4f,%.4f,%s", radius * Math.cos(angle), radius * Math.sin(angle),
            RINGS[ring]));
      }
    }
    java.util.Collections.shuffle(rows, random);
    return "x,y,ring\n" + String.join("\n", rows) + "\n";
  }

  private String pom(String pkg) {
    String artifact = name.toLowerCase(Locale.ROOT);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by nnet init (with its maven option): src/main/nnet/%1$s/%2$s.nnet becomes the class
             %3$s.%2$s when Maven compiles, and src/test/java trains it. -->
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%4$s</groupId>
          <artifactId>%5$s</artifactId>
          <version>1.0-SNAPSHOT</version>

          <properties>
            <nnet.version>%6$s</nnet.version>
            <junit.version>5.14.1</junit.version>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>

          <dependencies>
            <!-- What the generated class links against: network, trainer, data loading. -->
            <dependency>
              <groupId>dev.nnet</groupId>
              <artifactId>nnet-runtime</artifactId>
              <version>${nnet.version}</version>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>${junit.version}</version>
              <scope>test</scope>
            </dependency>
          </dependencies>

          <build>
            <plugins>
              <!-- Generates target/generated-sources/nnet from src/main/nnet before compiling. -->
              <plugin>
                <groupId>dev.nnet</groupId>
                <artifactId>nnet-maven-plugin</artifactId>
                <version>${nnet.version}</version>
                <executions>
                  <execution>
                    <goals>
                      <goal>generate</goal>
                    </goals>
                  </execution>
                </executions>
              </plugin>
              <!-- Current versions of the plugins a build uses; Maven's built-in defaults are a decade old. -->
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.2</version>
                <configuration>
                  <!-- A build that ran no test has checked nothing. -->
                  <failIfNoTests>true</failIfNoTests>
                </configuration>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-jar-plugin</artifactId>
                <version>3.4.2</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(pkg.replace('.', '/'), className(name), pkg, groupOf(pkg), artifact, Main.version());
  }

  private static String groupOf(String pkg) {
    int dot = pkg.lastIndexOf('.');
    return dot > 0 ? pkg.substring(0, dot) : pkg;
  }

  private String test(String model, String pkg) {
    return """
        package %1$s;

        import static org.junit.jupiter.api.Assertions.assertEquals;
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import dev.nnet.runtime.train.Training;
        import dev.nnet.runtime.train.TrainingResult;
        import java.net.URISyntaxException;
        import java.nio.file.Path;
        import java.util.List;
        import org.junit.jupiter.api.Test;

        /** Trains the generated {@link %2$s} network on %3$s.csv and checks that it tells the rings apart. */
        class %2$sTest {
          @Test
          void learnsTheRings() throws URISyntaxException {
            // %2$s.nnet's settings and data block come with the class: one call trains it as `nnet train` does,
            // on the %3$s.csv in the folder given (a fifth held out for testing, features standardized).
            Path folder = Path.of(%2$sTest.class.getResource("/%3$s.csv").toURI()).getParent();
            TrainingResult run = Training.of(new %2$s()).fit(folder);
            assertEquals(List.of("inner", "middle", "outer"), run.data().classes());

            double accuracy = run.test().orElseThrow().metrics().get("accuracy");
            assertTrue(accuracy >= 0.85, "test accuracy " + accuracy + " is below 0.85");
          }
        }
        """.formatted(pkg, model, name);
  }

  private String readme(String model, String pkg) {
    return """
        # %1$s

        Written by `nnet init --maven`: a neural network kept beside the Java code as a model file.

        | file | what it is |
        | --- | --- |
        | `src/main/nnet/%2$s/%1$s.nnet` | the model; its folder gives the package `%3$s` |
        | `target/generated-sources/nnet/%2$s/%1$s.java` | generated from it by nnet-maven-plugin when it changed |
        | `src/test/java/%2$s/%1$sTest.java` | trains `%1$s` on `%4$s.csv` and checks its test accuracy |
        | `src/test/resources/%4$s.csv` | 300 points on three rings around the origin |

        ```sh
        mvn verify        # generates %1$s.java, compiles, trains it in the test and checks the accuracy
        ```

        nnet is not on Maven Central yet: install it once from the nnet repository's root (`mvn -B install
        -DskipTests`), then build this project anywhere.
        """.formatted(model, pkg.replace('.', '/'), pkg, name);
  }
}
