package dev.nnet.compiler.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Robustness: thousands of generated and mutated model files (seeded, so a failure reproduces) go through
 * {@link Frontend#check}; each must end in a model or diagnostics, never an exception, and quickly.
 */
@Tag("slow") // fuzzing: thousands of mutated model files
class FuzzTest {
  private static final int CASES = 10_000;
  private static final long SEED = 20240611L;
  private static final long MAX_NANOS_PER_FILE = 2_000_000_000L;

  private static final String[] WORDS = {
    "model", "package", "precision", "input", "loss", "metrics", "optimizer", "train", "data", "test", "split",
    "scale", "standardize", "dense", "dropout", "flatten", "conv2d", "maxpool2d", "avgpool2d", "global_avgpool2d",
    "batchnorm", "activation", "relu", "softmax", "sigmoid", "leaky_relu", "adam", "sgd", "csv", "idx", "3x3",
    "0", "1", "-1", "0.5", "1e-3", "1/255", "1/0", "1e999", "99999999999999999999", "[", "]", "(", ")", "{", "}",
    ",", "=", "-", "/", ".", "\"", "\"x.csv\"", "\n", "\n", "\n", " ", "#", "\\", "\t", "\r\n", "@", "\u00e9",
    "\u0000", "units", "rate", "batch_size", "epochs", "early_stopping", "monitor", "val_loss", "true", "false",
    "class", "String", "[28, 28, 1]", "[4]", "[0]", "[2147483647, 2147483647]", "padding", "same", "valid"
  };

  @Test
  void everyInputEndsInAModelOrDiagnosticsQuickly() throws IOException {
    List<String> samples = sources(RepoRoot.find().resolve("samples"), 2);
    List<String> seeds = new ArrayList<>(samples);
    seeds.addAll(sources(RepoRoot.find().resolve("compiler/src/test/resources/bad"), 1));
    SplittableRandom random = new SplittableRandom(SEED);
    long slowest = 0;
    int withModel = 0;
    long start = System.nanoTime();
    for (int i = 0; i < CASES; i++) {
      String source = generate(random, samples, seeds, i);
      long t0 = System.nanoTime();
      CheckResult result;
      try {
        result = Frontend.check("fuzz" + i + ".nnet", source);
        // Rendering is part of the contract too: it must not throw on any span the front end made.
        result.render();
      } catch (RuntimeException | StackOverflowError e) {
        fail("case %d threw %s on:%n%s", i, e, source);
        return;
      }
      long elapsed = System.nanoTime() - t0;
      slowest = Math.max(slowest, elapsed);
      if (elapsed > MAX_NANOS_PER_FILE) {
        fail("case %d took %d ms:%n%s", i, elapsed / 1_000_000, source);
      }
      assertThat(result.model().isPresent() || result.hasErrors())
          .as("case %d: a model or an error", i)
          .isTrue();
      if (result.model().isPresent()) {
        withModel++;
      }
      for (Diagnostic d : result.diagnostics()) {
        assertThat(d.span().line()).isPositive();
        assertThat(d.span().column()).isPositive();
        assertThat(d.code()).matches("[EW]0\\d\\d");
      }
    }
    long total = System.nanoTime() - start;
    assertThat(total).as("whole fuzz run").isLessThan(60_000_000_000L);
    // Mild mutations of valid models must still often be valid: the generator is not just producing noise.
    assertThat(withModel).isGreaterThan(CASES / 50);
    System.out.printf("fuzz: %d cases, %d valid, slowest %d ms, total %d ms%n", CASES, withModel,
        slowest / 1_000_000, total / 1_000_000);
  }

  private static List<String> sources(Path dir, int depth) throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir, depth)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".nnet")).sorted().toList()) {
        sources.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return sources;
  }

  /** A sixth random bytes, a sixth random keyword soup, a sixth one edit to a sample, the rest 1 to 6 edits. */
  private static String generate(SplittableRandom random, List<String> samples, List<String> seeds, int i) {
    return switch (i % 6) {
      case 0 -> randomBytes(random);
      case 1 -> randomWords(random);
      case 2 -> mutate(random, samples.get(random.nextInt(samples.size())), 1);
      default -> mutate(random, seeds.get(random.nextInt(seeds.size())), 1 + random.nextInt(6));
    };
  }

  private static String randomBytes(SplittableRandom random) {
    byte[] bytes = new byte[random.nextInt(400)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String randomWords(SplittableRandom random) {
    StringBuilder out = new StringBuilder();
    int n = random.nextInt(120);
    for (int k = 0; k < n; k++) {
      out.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(3) == 0 ? "" : " ");
    }
    return out.toString();
  }

  /** Applies {@code edits} random edits: token and character deletions, duplications, swaps and insertions. */
  private static String mutate(SplittableRandom random, String source, int edits) {
    List<String> tokens = new ArrayList<>(List.of(source.split("(?<=[\\s()\\[\\]{},=])|(?=[\\s()\\[\\]{},=])")));
    for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
      int at = random.nextInt(tokens.size());
      switch (random.nextInt(7)) {
        case 0 -> tokens.remove(at);
        case 1 -> tokens.add(at, tokens.get(at));
        case 2 -> {
          int other = random.nextInt(tokens.size());
          String t = tokens.get(at);
          tokens.set(at, tokens.get(other));
          tokens.set(other, t);
        }
        case 3 -> tokens.add(at, WORDS[random.nextInt(WORDS.length)]);
        case 4 -> tokens.set(at, WORDS[random.nextInt(WORDS.length)]);
        case 5 -> {
          String t = tokens.get(at);
          if (!t.isEmpty()) {
            int c = random.nextInt(t.length());
            tokens.set(at, t.substring(0, c) + t.substring(c + 1));
          }
        }
        default -> {
          String t = tokens.get(at);
          int c = t.isEmpty() ? 0 : random.nextInt(t.length());
          tokens.set(at, t.substring(0, c) + (char) random.nextInt(0x80) + t.substring(c));
        }
      }
    }
    return String.join("", tokens);
  }
}
