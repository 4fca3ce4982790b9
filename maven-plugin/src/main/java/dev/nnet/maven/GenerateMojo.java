package dev.nnet.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a Java class for every {@code .nnet} model file under {@code src/main/nnet}, into
 * {@code target/generated-sources/nnet}, and adds that folder to the compile source roots. A model file that names no
 * package gets its folder's: {@code src/main/nnet/com/acme/Iris.nnet} gives {@code com.acme.Iris}. Unchanged models
 * are not regenerated; the classes of deleted models are removed. An error in a model fails the build, naming the
 * file, line and column.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
  /** The root folder of the model files. */
  @Parameter(property = "nnet.sourceDirectory", defaultValue = "${project.basedir}/src/main/nnet", required = true)
  private File sourceDirectory;

  /** Where the generated sources go; added to the project's compile source roots. */
  @Parameter(
      property = "nnet.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/nnet",
      required = true)
  private File outputDirectory;

  @Override
  File sourceDirectory() {
    return sourceDirectory;
  }

  @Override
  File outputDirectory() {
    return outputDirectory;
  }

  @Override
  String stateName() {
    return "generate.state";
  }

  @Override
  boolean skipGoal() {
    return false;
  }

  @Override
  void addSourceRoot(MavenProject project, String root) {
    project.addCompileSourceRoot(root);
  }
}
