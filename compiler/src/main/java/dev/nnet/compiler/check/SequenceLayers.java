package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Conv1dSpec;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Pool1dSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layers that make and read sequences, with Keras' names and defaults: {@code embedding}, which turns token ids
 * into a sequence of vectors, then convolution and pooling over sequences [steps, channels] (Conv1D, MaxPooling1D,
 * AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D). Output steps follow {@link Padding}: valid
 * ⌊(steps − k)/s⌋ + 1, same and causal ⌈steps/s⌉. Global pooling leaves an embedding's padded steps out; conv1d
 * and the window poolings cannot, so {@link LayerChecker#MASKING} does not list them and a masked sequence before
 * them is an error, as Keras 2 refuses it.
 */
final class SequenceLayers {
  private SequenceLayers() {}

  /** Adds the sequence layers' keywords to the checker's table. */
  static void register(Map<String, LayerChecker.Signature> layers) {
    layers.put("embedding", new LayerChecker.Signature(List.of("input_dim", "output_dim", "mask_zero"), 2,
        SequenceLayers::embedding));
    layers.put("conv1d", new LayerChecker.Signature(
        List.of("filters", "kernel_size", "activation", "strides", "padding", "kernel_initializer", "use_bias", "l2"),
        3, (c, l, n, in, a) -> conv1d(c, l, n, in, a)));
    layers.put("maxpool1d", new LayerChecker.Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> pool1d(c, l, n, in, a, PoolKind.MAX)));
    layers.put("avgpool1d", new LayerChecker.Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> pool1d(c, l, n, in, a, PoolKind.AVERAGE)));
    layers.put("global_maxpool1d", new LayerChecker.Signature(List.of(), 0,
        (c, l, n, in, a) -> globalPool1d(c, l, n, in, a, PoolKind.MAX)));
    layers.put("global_avgpool1d", new LayerChecker.Signature(List.of(), 0,
        (c, l, n, in, a) -> globalPool1d(c, l, n, in, a, PoolKind.AVERAGE)));
  }

  /**
   * Keras' {@code Embedding}: token ids [length] to vectors [length, output_dim], a table of input_dim rows
   * initialized uniform in [-0.05, 0.05]. After {@code input text(...)}, input_dim defaults to max_tokens.
   */
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
    if (inputDim > HeaderChecker.EXACT_FLOAT_IDS) {
      args.report(
          Diagnostic.error(Codes.TOKEN_IDS_INEXACT, args.value("input_dim").orElseThrow().span(),
                  "embedding input_dim " + inputDim + " is more ids than a float32 input carries exactly (at most "
                      + HeaderChecker.EXACT_FLOAT_IDS + ")")
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
        Optional.of(new EmbeddingSpec(name, input.get(), output.get(), inputDim, outputDim, maskZero)), output);
  }

  private static LayerChecker.Result conv1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("filters", "kernel_size");
    int filters = args.integer("filters", 0, Range.atLeast(1));
    int kernel = args.integer("kernel_size", 0, Range.atLeast(1));
    Activation activation = c.activation("conv1d", args);
    int stride = args.integer("strides", 1, Range.atLeast(1));
    Padding padding = c.padding("conv1d", args);
    Initializer init = c.initializer("conv1d", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    if (!sequenceInput(c, layer, input, args) || filters == 0 || kernel == 0) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = slide(c, layer, "kernel", in, kernel, stride, padding, filters, args);
    if (output.isEmpty() || args.failed()
        || !c.fits(layer, name, (double) kernel * in.dim(1) * filters, "weights")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new Conv1dSpec(name, in, output.get(), filters, kernel, stride, padding, activation, init,
            useBias, l2)),
        output);
  }

  private static LayerChecker.Result pool1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args,
      PoolKind kind) {
    String kindName = layer.kind().text();
    int size = args.integer("pool_size", 2, Range.atLeast(1));
    int stride = args.integer("strides", size, Range.atLeast(1));
    Padding padding = c.padding(kindName, args);
    if (!sequenceInput(c, layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = slide(c, layer, "pool", in, size, stride, padding, in.dim(1), args);
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new Pool1dSpec(name, in, output.get(), kind, size, stride, padding)), output);
  }

  private static LayerChecker.Result globalPool1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args,
      PoolKind kind) {
    if (!sequenceInput(c, layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().dim(1));
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(
            Optional.of(new GlobalPoolSpec(name, input.get(), output, kind, c.inputMasked())),
            Optional.of(output));
  }

  /** Whether the input is known and is [steps, channels]; reports when it is known and is not. */
  private static boolean sequenceInput(
      LayerChecker c, Statement.LayerDecl layer, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return false;
    }
    if (input.get().rank() == 2) {
      return true;
    }
    String kind = layer.kind().text();
    Diagnostic e = Diagnostic.error(Codes.NEEDS_SEQUENCE_INPUT, layer.kind().span(),
        kind + " needs a [steps, channels] input, got " + input.get());
    args.report(input.get().rank() == 3
        ? e.withHint("this input is an image: use `" + kind.replace("1d", "2d") + "`")
        : e.withHint("1-D layers work on sequences: declare `input [steps, channels]` (or an embedding) and put them "
            + "before `flatten`"));
    return false;
  }

  /**
   * The output of sliding a window over [steps, c]: {@code channels} out. Reports a window longer than a
   * valid-padded input.
   */
  private static Optional<Shape> slide(
      LayerChecker c, Statement.LayerDecl layer, String what, Shape in, int window, int stride, Padding padding,
      int channels, Arguments args) {
    int steps = in.dim(0);
    if (padding == Padding.VALID && window > steps) {
      args.report(Diagnostic.error(Codes.WINDOW_TOO_LARGE, layer.kind().span(),
              what + " " + window + " is longer than its input's " + steps + " steps")
          .withHint("use a smaller " + what + ", `padding = same`, or remove this layer"));
      return Optional.empty();
    }
    int out = padding.outputSize(steps, window, stride);
    if (!c.fits(layer, layer.kind().text(), (double) out * channels, "output values")) {
      return Optional.empty();
    }
    return Optional.of(Shape.of(out, channels));
  }
}
