package dev.nnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerFingerprintTest {
  @Test
  void isAStableSha256OfTheCompilersClasses() {
    String current = CompilerFingerprint.current();
    assertThat(current).matches("[0-9a-f]{64}");
    assertThat(CompilerFingerprint.compute(List.of(dev.nnet.compiler.Frontend.class,
            dev.nnet.grammar.NnetParser.class, com.palantir.javapoet.JavaFile.class)))
        .isEqualTo(current);
  }

  @Test
  void dependsOnWhichCodeIsHashed() {
    String compilerOnly = CompilerFingerprint.compute(List.of(dev.nnet.compiler.Frontend.class));
    String javapoetOnly = CompilerFingerprint.compute(List.of(com.palantir.javapoet.JavaFile.class));
    assertThat(compilerOnly).isNotEqualTo(javapoetOnly).isNotEqualTo(CompilerFingerprint.current());
    // Two classes from one location hash that location once.
    assertThat(CompilerFingerprint.compute(
            List.of(dev.nnet.compiler.Frontend.class, dev.nnet.compiler.CheckResult.class)))
        .isEqualTo(compilerOnly);
  }
}
