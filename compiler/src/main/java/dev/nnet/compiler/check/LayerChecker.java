package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationLayerSpec;
import dev.nnet.compiler.model.BatchNormSpec;
import dev.nnet.compiler.model.Conv2dSpec;
import dev.nnet.compiler.model.DenseSpec;
import dev.nnet.compiler.model.DropoutSpec;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.FlattenSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerNormSpec;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One layer at a time: its arguments read, defaults filled in, its output shape inferred from its input shape.
 * When the input shape is unknown (a broken layer before), the arguments are still checked but no shape
 * errors are made up. Output sizes follow Keras: valid padding gives {@code floor((in - k) / s) + 1}, same padding
 * {@code ceil(in / s)}.
 */
final class LayerChecker {
  /** How one kind is checked: its arguments bound, its spec built, its output shape inferred. */
  @FunctionalInterface
  interface Check {
    Result check(LayerChecker checker, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args);
  }

  /** What a layer takes: its parameters in positional order, how many may be positional, and how it is checked. */
  record Signature(List<String> parameters, int positional, Check check) {}

  /** The layer kinds, by the names a model file uses: the one place a keyword meets its checking. */
  static final Map<String, Signature> LAYERS = new LinkedHashMap<>();

  static {
    LAYERS.put("dense", new Signature(List.of("units", "activation", "kernel_initializer", "use_bias", "l2"), 2,
        (c, l, n, in, a) -> c.dense(l, n, in, a)));
    LAYERS.put("dropout", new Signature(List.of("rate"), 1, (c, l, n, in, a) -> c.dropout(n, in, a)));
    LAYERS.put("flatten", new Signature(List.of(), 0, (c, l, n, in, a) -> c.flatten(l, n, in, a)));
    LAYERS.put("activation", new Signature(List.of("activation"), 1, (c, l, n, in, a) -> c.activation(n, in, a)));
    LAYERS.put("conv2d", new Signature(
        List.of("filters", "kernel_size", "activation", "strides", "padding", "kernel_initializer", "use_bias", "l2"),
        3, (c, l, n, in, a) -> c.conv2d(l, n, in, a)));
    LAYERS.put("maxpool2d", new Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> c.pool(l, n, in, a, PoolKind.MAX)));
    LAYERS.put("avgpool2d", new Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> c.pool(l, n, in, a, PoolKind.AVERAGE)));
    LAYERS.put("global_avgpool2d", new Signature(List.of(), 0,
        (c, l, n, in, a) -> c.globalPool(l, n, in, a, PoolKind.AVERAGE)));
    LAYERS.put("global_maxpool2d", new Signature(List.of(), 0,
        (c, l, n, in, a) -> c.globalPool(l, n, in, a, PoolKind.MAX)));
    LAYERS.put("batchnorm", new Signature(List.of("momentum", "epsilon"), 0,
        (c, l, n, in, a) -> c.batchNorm(n, in, a)));
    LAYERS.put("layernorm", new Signature(List.of("epsilon"), 0, (c, l, n, in, a) -> c.layerNorm(n, in, a)));
    RecurrentChecks.register(LAYERS);
    LAYERS.put("embedding", new Signature(List.of("input_dim", "output_dim", "mask_zero"), 2,
        (c, l, n, in, a) -> c.embedding(l, n, in, a)));
    SequenceLayers.register(LAYERS);
  }

  /**
   * Whether a layer passes an embedding's mask on, given its declaration and (when checked) its spec, as Keras
   * does: element-wise layers and normalization keep it, flatten and global pooling drop it (their output has no
   * steps), recurrent layers keep it with {@code return_sequences} and drop it without. A kind missing here does not
   * support masking: after a masked sequence it is an error ({@link Codes#MASK_NOT_SUPPORTED}), as Keras 2 refuses
   * it (a convolution or window pooling would mix padded steps into real ones).
   */
  @FunctionalInterface
  interface MaskRule {
    boolean passesMask(Statement.LayerDecl layer);
  }

  static final Map<String, MaskRule> MASKING = new LinkedHashMap<>();

  static {
    for (String keeps : List.of("dropout", "activation", "batchnorm", "layernorm", "dense")) {
      MASKING.put(keeps, l -> true);
    }
    for (String drops : List.of("flatten", "global_maxpool1d", "global_avgpool1d")) {
      MASKING.put(drops, l -> false);
    }
    for (String recurrent : List.of("simple_rnn", "lstm", "gru", "bidirectional")) {
      MASKING.put(recurrent, LayerChecker::returnsSequences);
    }
  }

  /** Whether a recurrent layer's declaration says {@code return_sequences = true} (or a wrapped layer's does). */
  private static boolean returnsSequences(Statement.LayerDecl layer) {
    for (var arg : layer.args()) {
      if (arg.name().isPresent() && arg.name().get().text().equals("return_sequences")) {
        return arg.value() instanceof Value.Call c && c.name().text().equals("true") && !c.parenthesized();
      }
      if (arg.value() instanceof Value.Call wrapped && wrapped.parenthesized()
          && returnsSequences(new Statement.LayerDecl(wrapped.name(), wrapped.args(), wrapped.span()))) {
        return true;
      }
    }
    return false;
  }

  static final Map<String, Initializer> INITIALIZERS =
      Names.table(Initializer.values(), Initializer::keyword);
  private static final Map<String, Padding> PADDINGS = Names.table(Padding.values(), p -> p.name().toLowerCase(java.util.Locale.ROOT));

  /** A checked layer: the spec when everything about it is right, and its output shape when that is known. */
  record Result(Optional<LayerSpec> spec, Optional<Shape> output) {
    static Result unknown() {
      return new Result(Optional.empty(), Optional.empty());
    }
  }

  private final Diagnostics diagnostics;

  /**
   * Whether the sequence flowing into the next layer carries the mask of an {@code embedding} with
   * {@code mask_zero}: padded steps (token 0) that recurrent layers and global pooling skip, as in Keras. Layers are
   * checked in order, so each reads the state its predecessors left.
   */
  private boolean masked;

  /** The model's token input, while the layer that reads it (the first) is being checked; then empty. */
  private Optional<TokenInput> tokens = Optional.empty();

  LayerChecker(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Says that the model's input is token ids: the first layer checked reads them, and must be an embedding. */
  void tokenInput(Optional<TokenInput> tokens) {
    this.tokens = tokens;
  }

  /** Whether the layer being checked receives a masked sequence (see {@link #masked}). */
  boolean inputMasked() {
    return masked;
  }

  /**
   * The keyword of the layer before the one being checked when it returned a sequence of states
   * ({@code return_sequences}), else null: a dense layer after it gets a hint naming it.
   */
  private String sequenceBefore;
  /** What {@link #sequenceBefore} becomes for the next layer; a recurrent layer with return_sequences sets it. */
  String sequenceAfter;

  /** Checks {@code layer} (whose kind is in {@link #LAYERS}) given its input shape, if known. */
  Result check(Statement.LayerDecl layer, String name, Optional<Shape> input) {
    String kind = layer.kind().text();
    Signature sig = LAYERS.get(kind);
    Arguments args = Arguments.bind(kind, layer.kind().span(), layer.args(), sig.parameters(), sig.positional(), diagnostics);
    if (masked && !MASKING.containsKey(kind)) {
      args.report(
          Diagnostic.error(Codes.MASK_NOT_SUPPORTED, layer.kind().span(),
                  kind + " does not support masking, and its input carries the mask of an embedding with mask_zero")
              .withHint("remove `mask_zero = true` from the embedding, or put a recurrent layer or a global pooling"
                  + " before this layer"));
    }
    if (tokens.isPresent() && !kind.equals("embedding")) {
      args.report(
          Diagnostic.error(Codes.TOKENS_NEED_EMBEDDING, layer.kind().span(),
                  kind + " cannot read token ids; the layer after `input " + (tokens.get().text().isPresent()
                      ? "text" : "tokens") + "(...)` is an embedding")
              .withHint("add `embedding output_dim = 32` before this layer: it turns each id into a learned vector"));
    }
    sequenceBefore = sequenceAfter;
    sequenceAfter = null;
    Result r = sig.check().check(this, layer, name, input, args);
    tokens = Optional.empty();
    masked = r.spec().map(s -> s instanceof EmbeddingSpec e ? e.maskZero()
        : masked && MASKING.getOrDefault(kind, l -> false).passesMask(layer)).orElse(false);
    return args.failed() ? new Result(Optional.empty(), r.output()) : r;
  }

  /**
   * Keras' {@code Embedding}: token ids [length] to vectors [length, output_dim], a table of input_dim rows
   * initialized uniform in [-0.05, 0.05]. After {@code input text(...)}, input_dim defaults to max_tokens.
   */
  private Result embedding(Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    Optional<TokenInput> ids = tokens;
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
      return Result.unknown();
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
      return new Result(Optional.empty(), output);
    }
    if (!fits(layer, name, (double) inputDim * outputDim, "weights")
        || !fits(layer, name, (double) ids.get().length() * outputDim, "output values")) {
      return new Result(Optional.empty(), output);
    }
    return new Result(
        Optional.of(new EmbeddingSpec(name, input.get(), output.get(), inputDim, outputDim, maskZero)), output);
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  private Result dense(Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("units");
    int units = args.integer("units", 0, Range.atLeast(1));
    Activation activation = activation("dense", args);
    Initializer init = initializer("dense", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    Optional<Shape> output = units > 0 ? Optional.of(Shape.of(units)) : Optional.empty();
    if (input.isPresent() && input.get().rank() != 1) {
      args.report(
          Diagnostic.error(
                  Codes.NEEDS_FLAT_INPUT,
                  layer.kind().span(),
                  "dense needs a 1-D input, got " + input.get())
              .withHint(sequenceBefore == null ? "add `flatten` before this layer"
                  : "the " + sequenceBefore + " before returns a state per step (return_sequences): remove "
                      + "`return_sequences = true`, or add `flatten` before this layer"));
    }
    if (input.isEmpty() || output.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), output);
    }
    if (!fits(layer, name, (double) input.get().size() * units, "weights")) {
      return new Result(Optional.empty(), output);
    }
    return new Result(
        Optional.of(new DenseSpec(name, input.get(), output.get(), units, activation, init, useBias, l2)),
        output);
  }

  private Result dropout(String name, Optional<Shape> input, Arguments args) {
    args.requireAll("rate");
    double rate = args.number("rate", 0, Range.UNIT);
    if (input.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), input);
    }
    return new Result(Optional.of(new DropoutSpec(name, input.get(), input.get(), rate)), input);
  }

  private Result flatten(Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return Result.unknown();
    }
    Shape output = Shape.of(input.get().size());
    if (input.get().rank() == 1) {
      diagnostics.add(
          Diagnostic.warning(Codes.USELESS_LAYER, layer.kind().span(), "flatten does nothing: its input " + input.get() + " is already 1-D")
              .withHint("remove this layer"));
    }
    return args.failed()
        ? new Result(Optional.empty(), Optional.of(output))
        : new Result(Optional.of(new FlattenSpec(name, input.get(), output)), Optional.of(output));
  }

  private Result activation(String name, Optional<Shape> input, Arguments args) {
    args.requireAll("activation");
    Optional<Activation> activation =
        args.value("activation").flatMap(v -> Names.activation("activation", v, diagnostics));
    if (input.isEmpty() || activation.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), input);
    }
    return new Result(
        Optional.of(new ActivationLayerSpec(name, input.get(), input.get(), activation.get())), input);
  }

  private Result conv2d(Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("filters", "kernel_size");
    int filters = args.integer("filters", 0, Range.atLeast(1));
    Optional<int[]> kernel = args.has("kernel_size") ? window("conv2d", "kernel_size", args) : Optional.empty();
    Activation activation = activation("conv2d", args);
    int[] strides = args.has("strides") ? window("conv2d", "strides", args).orElse(null) : new int[] {1, 1};
    Padding padding = padding("conv2d", args);
    Initializer init = initializer("conv2d", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    if (!imageInput(layer, input, args) || kernel.isEmpty() || strides == null || filters == 0) {
      return Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output =
        slide(layer, "kernel", in, kernel.get(), strides, padding, filters, args);
    if (output.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), output);
    }
    double weights = (double) kernel.get()[0] * kernel.get()[1] * in.dim(2) * filters;
    if (!fits(layer, name, weights, "weights")) {
      return new Result(Optional.empty(), output);
    }
    return new Result(
        Optional.of(
            new Conv2dSpec(
                name, in, output.get(), filters, kernel.get()[0], kernel.get()[1], strides[0], strides[1], padding,
                activation, init, useBias, l2)),
        output);
  }

  private Result pool(
      Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    String kindName = layer.kind().text();
    int[] size = args.has("pool_size") ? window(kindName, "pool_size", args).orElse(null) : new int[] {2, 2};
    int[] strides = args.has("strides") ? window(kindName, "strides", args).orElse(null) : size;
    Padding padding = padding(kindName, args);
    if (!imageInput(layer, input, args) || size == null || strides == null) {
      return Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = slide(layer, "pool", in, size, strides, padding, in.dim(2), args);
    if (output.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), output);
    }
    return new Result(
        Optional.of(
            new Pool2dSpec(name, in, output.get(), kind, size[0], size[1], strides[0], strides[1], padding)),
        output);
  }

  private Result globalPool(
      Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    if (!imageInput(layer, input, args)) {
      return Result.unknown();
    }
    Shape output = Shape.of(input.get().dim(2));
    return args.failed()
        ? new Result(Optional.empty(), Optional.of(output))
        : new Result(
            Optional.of(new GlobalPoolSpec(name, input.get(), output, kind, false)), Optional.of(output));
  }

  private Result batchNorm(String name, Optional<Shape> input, Arguments args) {
    double momentum = args.number("momentum", 0.99, Range.UNIT);
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), input);
    }
    return new Result(
        Optional.of(new BatchNormSpec(name, input.get(), input.get(), momentum, epsilon)), input);
  }

  private Result layerNorm(String name, Optional<Shape> input, Arguments args) {
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new Result(Optional.empty(), input);
    }
    return new Result(Optional.of(new LayerNormSpec(name, input.get(), input.get(), epsilon)), input);
  }

  /** Whether the input is known and is [height, width, channels]; reports when it is known and is not. */
  private boolean imageInput(Statement.LayerDecl layer, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return false;
    }
    if (input.get().rank() == 3) {
      return true;
    }
    String kind = layer.kind().text();
    Diagnostic e =
        Diagnostic.error(
            Codes.NEEDS_IMAGE_INPUT,
            layer.kind().span(),
            kind + " needs a [height, width, channels] input, got " + input.get());
    args.report(
        input.get().rank() == 2
            ? e.withHint(
                "give the input a channel axis: `input [" + input.get().dim(0) + ", " + input.get().dim(1) + ", 1]`, "
                    + "or use `" + kind.replace("2d", "1d") + "` to read it as " + input.get().dim(0) + " steps of "
                    + input.get().dim(1) + " features")
            : e.withHint("2-D layers work on images: declare `input [height, width, channels]` and put them before `flatten`"));
    return false;
  }

  /**
   * The output of sliding a window over [h, w, c]: {@code channels} out, Keras' sizes for valid and same padding.
   * Reports a window larger than a valid-padded input.
   */
  private Optional<Shape> slide(
      Statement.LayerDecl layer, String what, Shape in, int[] window, int[] strides, Padding padding, int channels,
      Arguments args) {
    long[] out = new long[2];
    for (int axis = 0; axis < 2; axis++) {
      long size = in.dim(axis);
      if (padding == Padding.SAME) {
        out[axis] = (size + strides[axis] - 1) / strides[axis];
      } else if (window[axis] > size) {
        args.report(
            Diagnostic.error(
                    Codes.WINDOW_TOO_LARGE,
                    layer.kind().span(),
                    what + " " + window[0] + "x" + window[1] + " is larger than its input " + in.dim(0) + "x"
                        + in.dim(1))
                .withHint("use a smaller " + what + ", `padding = same`, or remove this layer"));
        return Optional.empty();
      } else {
        out[axis] = (size - window[axis]) / strides[axis] + 1;
      }
    }
    if (!fits(layer, layer.kind().text(), (double) out[0] * out[1] * channels, "output values")) {
      return Optional.empty();
    }
    return Optional.of(Shape.of((int) out[0], (int) out[1], channels));
  }

  /** Whether a count fits one Java array; reports when it does not. */
  boolean fits(Statement.LayerDecl layer, String name, double count, String what) {
    if (count <= Integer.MAX_VALUE) {
      return true;
    }
    diagnostics.add(
        Diagnostic.error(
            Codes.BAD_SHAPE,
            layer.span(),
            name + " would have " + String.format(java.util.Locale.ROOT, "%.3g", count) + " " + what + "; at most 2147483647 fit"));
    return false;
  }

  /** A window or stride: {@code 3}, {@code 3x3} or {@code [3, 3]}; empty after reporting. */
  private Optional<int[]> window(String owner, String name, Arguments args) {
    Value v = args.value(name).orElseThrow();
    if (v instanceof Value.Size s) {
      if (s.height() == -1 || s.width() == -1) {
        args.report(
            Diagnostic.error(
                Codes.OUT_OF_RANGE, v.span(), owner + " " + name + " is too large, got " + Values.text(v)));
        return Optional.empty();
      }
      if (s.height() < 1 || s.width() < 1) {
        args.outOfRange(name, v, Range.atLeast(1));
        return Optional.empty();
      }
      return Optional.of(new int[] {s.height(), s.width()});
    }
    if (v instanceof Value.NumberLiteral n && n.integral()) {
      return args.integerValue(name, v, Range.atLeast(1)).map(k -> new int[] {k, k});
    }
    if (v instanceof Value.ListValue l && l.items().size() == 2) {
      Optional<Integer> h = args.integerValue(name, l.items().get(0), Range.atLeast(1));
      Optional<Integer> w = args.integerValue(name, l.items().get(1), Range.atLeast(1));
      return h.isPresent() && w.isPresent() ? Optional.of(new int[] {h.get(), w.get()}) : Optional.empty();
    }
    args.wrongType(name, v, "a size such as 3, 3x3 or [3, 3]");
    return Optional.empty();
  }

  Activation activation(String owner, Arguments args) {
    Optional<Value> v = args.value("activation");
    if (v.isEmpty()) {
      return Activation.LINEAR;
    }
    Optional<Activation> a = Names.activation(owner, v.get(), diagnostics);
    if (a.isEmpty()) {
      args.markFailed();
    }
    return a.orElse(Activation.LINEAR);
  }

  Initializer initializer(String owner, Arguments args) {
    return args.value("kernel_initializer")
        .flatMap(v -> named(owner, "kernel_initializer", "initializer", v, INITIALIZERS, args))
        .orElse(Initializer.GLOROT_UNIFORM);
  }

  Padding padding(String owner, Arguments args) {
    Optional<Value> v = args.value("padding");
    Padding padding = v.flatMap(p -> named(owner, "padding", "padding", p, PADDINGS, args)).orElse(Padding.VALID);
    if (padding == Padding.CAUSAL && !owner.equals("conv1d")) {
      args.report(
          Diagnostic.error(Codes.CAUSAL_PADDING, v.get().span(), owner + " has no causal padding")
              .withHint("causal padding is conv1d's; use `padding = same` or `padding = valid`"));
      return Padding.VALID;
    }
    return padding;
  }

  <E> Optional<E> named(String owner, String param, String what, Value v, Map<String, E> table, Arguments args) {
    Optional<String> text = Values.name(v);
    if (text.isEmpty()) {
      args.wrongType(param, v, "a name");
      return Optional.empty();
    }
    Optional<E> found = Names.lookup(what, text.get(), v.span(), table, diagnostics);
    if (found.isEmpty()) {
      args.markFailed();
    }
    return found;
  }
}
