package dev.nnet.compiler.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the front end and the generator with Jazzer (see {@link ModelFuzzTarget} for what is
 * checked). A plain test run replays the inputs under {@code ModelFuzzTestInputs/modelFiles} in the test resources:
 * seeds, and every finding so far as a regression test. With {@code JAZZER_FUZZ=1} it fuzzes for
 * {@code maxDuration}; the build does that briefly, docs/RELIABILITY.md gives the command for long runs.
 */
@Tag("slow") // fuzzing: mvn verify replays the seeds and findings, then fuzzes
class ModelFuzzTest {
  @FuzzTest(maxDuration = "25s")
  @DictionaryFile(resourcePath = "nnet.dict")
  void modelFiles(byte[] input) {
    ModelFuzzTarget.fuzzerTestOneInput(input);
  }
}
