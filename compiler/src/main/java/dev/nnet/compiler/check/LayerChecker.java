package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
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
 * errors are made up. This class holds the table of layer keywords, what flows from one layer to the next (an
 * embedding's mask, the token input, a returned sequence) and the argument readers they share; each family of
 * layers is checked in its own class: {@link CoreLayers}, {@link ImageLayers}, {@link SequenceLayers},
 * {@link RecurrentChecks}.
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
        CoreLayers::dense));
    LAYERS.put("dropout", new Signature(List.of("rate"), 1, (c, l, n, in, a) -> CoreLayers.dropout(n, in, a)));
    LAYERS.put("flatten", new Signature(List.of(), 0, CoreLayers::flatten));
    LAYERS.put("activation", new Signature(List.of("activation"), 1,
        (c, l, n, in, a) -> CoreLayers.activation(c, n, in, a)));
    LAYERS.put("conv2d", new Signature(
        List.of("filters", "kernel_size", "activation", "strides", "padding", "kernel_initializer", "use_bias", "l2"),
        3, ImageLayers::conv2d));
    LAYERS.put("maxpool2d", new Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> ImageLayers.pool(c, l, n, in, a, PoolKind.MAX)));
    LAYERS.put("avgpool2d", new Signature(List.of("pool_size", "strides", "padding"), 1,
        (c, l, n, in, a) -> ImageLayers.pool(c, l, n, in, a, PoolKind.AVERAGE)));
    LAYERS.put("global_avgpool2d", new Signature(List.of(), 0,
        (c, l, n, in, a) -> ImageLayers.globalPool(c, l, n, in, a, PoolKind.AVERAGE)));
    LAYERS.put("global_maxpool2d", new Signature(List.of(), 0,
        (c, l, n, in, a) -> ImageLayers.globalPool(c, l, n, in, a, PoolKind.MAX)));
    LAYERS.put("batchnorm", new Signature(List.of("momentum", "epsilon"), 0,
        (c, l, n, in, a) -> CoreLayers.batchNorm(n, in, a)));
    LAYERS.put("layernorm", new Signature(List.of("epsilon"), 0,
        (c, l, n, in, a) -> CoreLayers.layerNorm(n, in, a)));
    RecurrentChecks.register(LAYERS);
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

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The model's token input when the layer being checked is the first, which reads it; else empty. */
  Optional<TokenInput> tokens() {
    return tokens;
  }

  /** The keyword of the layer before when it returned a state per step (see {@link #sequenceBefore}), else null. */
  String sequenceBefore() {
    return sequenceBefore;
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

  // The argument readers every family of layers shares: a bad name is reported (with a "did you mean") and marks
  // the arguments failed, and the layer's default stands in for it.

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