package dev.nnet.maven;

import dev.nnet.compiler.pipeline.BuildRequest;
import dev.nnet.compiler.pipeline.BuildResult;
import dev.nnet.compiler.pipeline.ModelBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What both goals share: turn the parameters into a {@link BuildRequest}, run {@link ModelBuilder}, register the
 * output folder as a source root, log the diagnostics, and fail the build on an error. All model logic is in the
 * compiler.
 */
abstract class AbstractGenerateMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /**
   * Overrides the floating-point precision of every model: {@code float32} or {@code float64}. When not set, each
   * model has its own (float32 unless the model file asks for float64).
   */
  @Parameter(property = "nnet.precision")
  private String precision;

  /**
   * Also generates the gradient of the loss with respect to the input, for gradient checks. Off by default: training
   * does not need it.
   */
  @Parameter(property = "nnet.inputGradient", defaultValue = "false")
  private boolean inputGradient;

  /** Skips this goal: nothing is generated, deleted or added as a source root. */
  @Parameter(property = "nnet.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Where the plugin remembers what it generated from what, to leave unchanged models alone and delete the classes
   * of removed ones. Removing it (with {@code mvn clean}) makes the next build regenerate everything.
   */
  @Parameter(defaultValue = "${project.build.directory}/nnet-state", readonly = true, required = true)
  private File stateDirectory;

  abstract File sourceDirectory();

  abstract File outputDirectory();

  /** The state file's name, one per goal. */
  abstract String stateName();

  /** Whether a goal-specific switch skips it (beyond {@code nnet.skip}). */
  abstract boolean skipGoal();

  abstract void addSourceRoot(MavenProject project, String root);

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    Log log = getLog();
    if (skip || skipGoal()) {
      log.info("nnet: skipped");
      return;
    }
    BuildRequest request;
    try {
      request =
          Requests.of(sourceDirectory(), outputDirectory(), new File(stateDirectory, stateName()), precision,
              inputGradient);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("nnet: " + e.getMessage(), e);
    }
    BuildResult result;
    try {
      result = ModelBuilder.build(request);
    } catch (IOException e) {
      throw new MojoExecutionException("nnet: cannot write the generated sources: " + e, e);
    } catch (IllegalStateException e) {
      throw new MojoExecutionException("nnet: " + e.getMessage(), e);
    }
    // On every run, not only when something was written: the next javac needs the classes either way.
    addSourceRoot(project, request.outputDirectory().toString());

    for (LogLine line : LogLine.of(result, shown(request.sourceDirectory()))) {
      switch (line.level()) {
        case DEBUG -> log.debug(line.text());
        case INFO -> log.info(line.text());
        case WARN -> log.warn(line.text());
        case ERROR -> log.error(line.text());
      }
    }
    if (result.hasErrors()) {
      throw new MojoFailureException(LogLine.summary(result, shown(request.sourceDirectory())) + " (see above)");
    }
  }

  /** A folder as the user would name it: relative to the project when it is inside it. */
  private String shown(Path folder) {
    Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
    return folder.startsWith(base) ? base.relativize(folder).toString() : folder.toString();
  }
}
