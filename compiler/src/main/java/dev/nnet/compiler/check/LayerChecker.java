package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import dev.nnet.compiler.model.TokenInput;
import java.util.Map;
import java.util.Optional;

/**
 * One layer at a time: its arguments read, defaults filled in, its output shape inferred from its input shape.
 * When the input shape is unknown (a broken layer before), the arguments are still checked but no shape
 * errors are made up. This class holds what flows from one layer to the next (an embedding's mask, the token input,
 * a returned sequence) and the argument readers the kinds share; each kind's own checking is its
 * {@link LayerKind}'s, in the kind's package under {@code dev.nnet.compiler.layers}.
 */
public final class LayerChecker {
  /** Whether a recurrent layer's declaration says {@code return_sequences = true} (or a wrapped layer's does). */
  public static boolean returnsSequences(Statement.LayerDecl layer) {
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

  public static final Map<String, Initializer> INITIALIZERS =
      Names.table(Initializer.values(), Initializer::keyword);
  private static final Map<String, Padding> PADDINGS = Names.table(Padding.values(), p -> p.name().toLowerCase(java.util.Locale.ROOT));

  /** A checked layer: the spec when everything about it is right, and its output shape when that is known. */
  public record Result(Optional<LayerSpec> spec, Optional<Shape> output, boolean startsMask) {
    /** A result that starts no mask: every layer's but an embedding's with mask_zero. */
    public Result(Optional<LayerSpec> spec, Optional<Shape> output) {
      this(spec, output, false);
    }

    public static Result unknown() {
      return new Result(Optional.empty(), Optional.empty());
    }
  }

  private final Diagnostics diagnostics;
  private final Map<String, LayerKind> layers;

  /**
   * Whether the sequence flowing into the next layer carries the mask of an {@code embedding} with
   * {@code mask_zero}: padded steps (token 0) that recurrent layers and global pooling skip, as in Keras. Layers are
   * checked in order, so each reads the state its predecessors left.
   */
  private boolean masked;

  /** The model's token input, while the layer that reads it (the first) is being checked; then empty. */
  private Optional<TokenInput> tokens = Optional.empty();

  LayerChecker(Diagnostics diagnostics, Map<String, LayerKind> layers) {
    this.diagnostics = diagnostics;
    this.layers = layers;
  }

  /** Says that the model's input is token ids: the first layer checked reads them, and must be an embedding. */
  void tokenInput(Optional<TokenInput> tokens) {
    this.tokens = tokens;
  }

  /** Whether the layer being checked receives a masked sequence (see {@link #masked}). */
  public boolean inputMasked() {
    return masked;
  }

  /**
   * The keyword of the layer before the one being checked when it returned a sequence of states
   * ({@code return_sequences}), else null: a dense layer after it gets a hint naming it.
   */
  private String sequenceBefore;
  /** What {@link #sequenceBefore} becomes for the next layer; a recurrent layer with return_sequences sets it. */
  private String sequenceAfter;

  /** Checks {@code layer} (whose kind is in the layer table) given its input shape, if known. */
  Result check(Statement.LayerDecl layer, String name, Optional<Shape> input) {
    String kind = layer.kind().text();
    LayerKind sig = layers.get(kind);
    Arguments args = Arguments.bind(kind, layer.kind().span(), layer.args(), sig.parameters(), sig.positional(), diagnostics);
    if (masked && sig.mask().isEmpty()) {
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
    masked = r.spec().isPresent()
        && (r.startsMask() || masked && sig.mask().map(m -> m.passesMask(layer)).orElse(false));
    return args.failed() ? new Result(Optional.empty(), r.output()) : r;
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The model's token input when the layer being checked is the first, which reads it; else empty. */
  public Optional<TokenInput> tokens() {
    return tokens;
  }

  /** The keyword of the layer before when it returned a state per step (see {@link #sequenceBefore}), else null. */
  public String sequenceBefore() {
    return sequenceBefore;
  }

  /** Says that the layer being checked returns a state per step: {@code kind} names it to the layer after. */
  public void returnsSequence(String kind) {
    sequenceAfter = kind;
  }

  /** Whether a count fits one Java array; reports when it does not. */
  public boolean fits(Statement.LayerDecl layer, String name, double count, String what) {
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

  public Activation activation(String owner, Arguments args) {
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

  public Initializer initializer(String owner, Arguments args) {
    return args.value("kernel_initializer")
        .flatMap(v -> named(owner, "kernel_initializer", "initializer", v, INITIALIZERS, args))
        .orElse(Initializer.GLOROT_UNIFORM);
  }

  public Padding padding(String owner, Arguments args) {
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

  public <E> Optional<E> named(String owner, String param, String what, Value v, Map<String, E> table, Arguments args) {
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