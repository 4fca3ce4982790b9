package dev.nnet.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a Java class for every {@code .nnet} model file under {@code src/test/nnet}, into
 * {@code target/generated-test-sources/nnet}, and adds that folder to the test source roots; otherwise as
 * {@code generate}. Skipped with {@code maven.test.skip} too, as test compilation is.
 */
@Mojo(name = "test-generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class TestGenerateMojo extends AbstractGenerateMojo {
  /** The root folder of the test model files. */
  @Parameter(
      property = "nnet.testSourceDirectory",
      defaultValue = "${project.basedir}/src/test/nnet",
      required = true)
  private File testSourceDirectory;

  /** Where the generated test sources go; added to the project's test source roots. */
  @Parameter(
      property = "nnet.testOutputDirectory",
      defaultValue = "${project.build.directory}/generated-test-sources/nnet",
      required = true)
  private File testOutputDirectory;

  /** Maven's switch that skips compiling (and so generating) tests. */
  @Parameter(property = "maven.test.skip", defaultValue = "false")
  private boolean skipTests;

  @Override
  File sourceDirectory() {
    return testSourceDirectory;
  }

  @Override
  File outputDirectory() {
    return testOutputDirectory;
  }

  @Override
  String stateName() {
    return "test-generate.state";
  }

  @Override
  boolean skipGoal() {
    return skipTests;
  }

  @Override
  void addSourceRoot(MavenProject project, String root) {
    project.addTestCompileSourceRoot(root);
  }
}
