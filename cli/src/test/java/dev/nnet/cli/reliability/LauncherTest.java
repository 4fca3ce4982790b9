package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./nnet} launcher builds the tool when its jar is stale; two commands started at once on such a checkout
 * must not both build (they raced on the jar and the build log: 3 failures in 5 tries). The launcher runs here on a
 * copy of itself with a stand-in {@code mvn} on the PATH that fails when another build is running and otherwise
 * "builds" by linking this test's own classes into the jar's place.
 */
@Tag("slow")
class LauncherTest {
  @TempDir Path root;

  @Test
  void twoCommandsAtOnceBuildOnceAndBothRun() throws Exception {
    Files.copy(Cli.repoRoot().resolve("nnet"), root.resolve("nnet"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(root.resolve("cli")); // as in a checkout; cli/target is what a build makes
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path lib = root.resolve("cli/target/lib");
    StringBuilder links = new StringBuilder();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int i = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      // Directories go in as jars of their own; the launcher's class path is the jar plus lib/*.
      String target = entry.endsWith(".jar") ? entry : null;
      if (target != null) {
        links.append("ln -sf '").append(target).append("' '").append(lib).append("/").append(i++).append(".jar'\n");
      } else {
        links.append("(cd '").append(entry).append("' && jar cf '").append(lib).append("/").append(i++)
            .append(".jar' .)\n");
      }
    }
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, """
        #!/usr/bin/env bash
        # A stand-in for Maven: refuses to run beside another build, takes a while, then "builds" the jar.
        set -e
        mkdir "%1$s/building" || { echo "two builds at once" >&2; exit 1; }
        sleep 2
        mkdir -p '%2$s'
        %3$s
        echo built >> "%1$s/builds"
        (cd '%1$s' && jar cf cli/target/nnet-cli.jar pom.xml)
        rmdir "%1$s/building"
        """.formatted(root, lib, links));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

    List<Process> runs = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("nnet").toString(), "--version")
          .redirectOutput(root.resolve("out" + k).toFile())
          .redirectError(root.resolve("err" + k).toFile());
      pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
      pb.environment().put("NNET_NO_CDS", "1");
      runs.add(pb.start());
    }
    for (int k = 0; k < 2; k++) {
      assertThat(runs.get(k).waitFor(ChildJvm.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
      String err = Files.readString(root.resolve("err" + k), StandardCharsets.UTF_8);
      assertThat(runs.get(k).exitValue()).as("run %d: %s", k, err).isZero();
      assertThat(Files.readString(root.resolve("out" + k))).startsWith("nnet ");
    }
    assertThat(Files.readAllLines(root.resolve("builds"))).as("one build for two commands").hasSize(1);
    try (var files = Files.list(root.resolve("cli"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".log"));
    }
  }

  /**
   * The launcher names OpenBLAS's kernels on an Intel CPU from its instruction-set flags (an OpenBLAS older than the
   * CPU would run generic ones), and keeps a choice the caller made. A stand-in {@code java} prints what it was given.
   */
  @Test
  void openBlasIsToldTheKernelsOfAnIntelCpuUnlessTheCallerChose() throws Exception {
    Files.copy(Cli.repoRoot().resolve("nnet"), root.resolve("nnet"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("nnet-cli.jar");
    Files.writeString(jar, "");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\necho \"coretype=${OPENBLAS_CORETYPE:-}\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    List<String> flags = cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst()
        .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(List.of());
    String expected = "";
    if (cpuinfo.contains("GenuineIntel")) {
      if (flags.containsAll(List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"))) {
        expected = "SkylakeX";
      } else if (flags.containsAll(List.of("avx2", "fma"))) {
        expected = "Haswell";
      }
    }
    assertThat(launch(bin, null)).isEqualTo("coretype=" + expected + "\n");
    assertThat(launch(bin, "Zen")).isEqualTo("coretype=Zen\n");
  }

  /** Runs {@code ./nnet --version} with {@code bin} first on the PATH; returns its standard output. */
  private String launch(Path bin, String coreType) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("nnet").toString(), "--version")
        .redirectOutput(root.resolve("out").toFile())
        .redirectError(root.resolve("err").toFile());
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    pb.environment().remove("OPENBLAS_CORETYPE");
    if (coreType != null) {
      pb.environment().put("OPENBLAS_CORETYPE", coreType);
    }
    Process run = pb.start();
    assertThat(run.waitFor(ChildJvm.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(root.resolve("err"))).isZero();
    return Files.readString(root.resolve("out"));
  }
}
