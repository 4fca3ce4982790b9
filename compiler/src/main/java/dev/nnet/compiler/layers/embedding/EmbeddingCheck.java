package dev.nnet.compiler.layers.embedding;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Limits;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.util.List;
import java.util.Optional;

/**
 * {@code embedding} (Keras' Embedding), which turns the model's token ids into a sequence of vectors; with
 * {@code mask_zero} it starts the mask that later layers keep, drop or refuse (their {@link LayerKind#mask}).
 */
public final class EmbeddingCheck {
  private EmbeddingCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("embedding", EmbeddingSpec.class, List.of("input_dim", "output_dim", "mask_zero"), 2,
          EmbeddingCheck::embedding));

  private static LayerChecker.Result embedding(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    Optional<TokenInput> ids = c.tokens();
    Optional<Integer> maxTokens = ids.flatMap(TokenInput::text).map(TokenInput.Text::maxTokens);
    if (maxTokens.isEmpty() && (ids.isPresent() || input.isPresent())) {
      // unknown input (a broken input statement): input_dim may be the default it would give
      args.requireAll("input_dim");
    }
    args.requireAll("output_dim");
    int inputDim = args.integer("input_dim", maxTokens.orElse(0), Range.atLeast(1));
    int outputDim = args.integer("output_dim", 0, Range.atLeast(1));
    boolean maskZero = args.bool("mask_zero", false);
    if (ids.isEmpty()) {
      if (input.isPresent()) {
        args.report(
            Diagnostic.error(Codes.EMBEDDING_NEEDS_TOKENS, layer.kind().span(),
                    "embedding needs token ids, got " + input.get())
                .withHint("an embedding comes right after `input tokens(length = ...)` or"
                    + " `input text(max_length = ..., max_tokens = ...)`"));
      }
      return LayerChecker.Result.unknown();
    }
    Optional<Shape> output =
        outputDim > 0 ? Optional.of(Shape.of(ids.get().length(), outputDim)) : Optional.empty();
    if (maxTokens.isPresent() && inputDim > 0 && inputDim < maxTokens.get()) {
      args.report(
          Diagnostic.error(Codes.EMBEDDING_TOO_SMALL, args.value("input_dim").orElseThrow().span(),
                  "embedding input_dim " + inputDim + " has fewer rows than the text input's " + maxTokens.get()
                      + " token ids (max_tokens)")
              .withHint("leave input_dim out (it is max_tokens then) and write `embedding output_dim = "
                  + (outputDim > 0 ? outputDim : inputDim) + "`"));
    }
    if (inputDim > Limits.EXACT_FLOAT_IDS) {
      args.report(
          Diagnostic.error(Codes.TOKEN_IDS_INEXACT, args.value("input_dim").orElseThrow().span(),
                  "embedding input_dim " + inputDim + " is more ids than a float32 input carries exactly (at most "
                      + Limits.EXACT_FLOAT_IDS + ")")
              .withHint("use fewer token ids"));
    }
    // input is empty when the input statement itself was broken (reported there): no spec, but the output shape
    if (output.isEmpty() || inputDim == 0 || args.failed() || input.isEmpty()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    if (!c.fits(layer, name, (double) inputDim * outputDim, "weights")
        || !c.fits(layer, name, (double) ids.get().length() * outputDim, "output values")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new EmbeddingSpec(name, input.get(), output.get(), inputDim, outputDim, maskZero)), output,
        maskZero);
  }
}
