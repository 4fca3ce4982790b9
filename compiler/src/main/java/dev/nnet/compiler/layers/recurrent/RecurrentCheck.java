package dev.nnet.compiler.layers.recurrent;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.check.Values;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recurrent layers' checks: {@code gru}, {@code lstm}, {@code simple_rnn} with Keras' argument names and
 * defaults, and {@code bidirectional}, which takes one of them written as a call:
 * {@code bidirectional lstm(64, return_sequences = true)}. Their input is a sequence [steps, features].
 */
public final class RecurrentCheck {
  private RecurrentCheck() {}

  private static final List<String> COMMON = List.of("units", "activation", "recurrent_activation", "use_bias",
      "kernel_initializer", "recurrent_initializer", "return_sequences");

  /**
   * One keyword per cell, then {@code bidirectional}: each passes an embedding's mask on with
   * {@code return_sequences} and drops it without.
   */
  public static final List<LayerKind> KEYWORDS = keywords();

  private static List<LayerKind> keywords() {
    List<LayerKind> kinds = new ArrayList<>();
    for (RecurrentCell cell : RecurrentCell.values()) {
      kinds.add(LayerKind.of(cell.keyword(), RecurrentSpec.class, parameters(cell), 1,
          (c, l, n, in, a) -> recurrent(c, cell, l, n, in, a, false)).masking(LayerChecker::returnsSequences));
    }
    kinds.add(LayerKind.of("bidirectional", BidirectionalSpec.class, List.of("layer", "merge_mode"), 1,
        RecurrentCheck::bidirectional).masking(LayerChecker::returnsSequences));
    return List.copyOf(kinds);
  }

  private static List<String> parameters(RecurrentCell cell) {
    List<String> p = new ArrayList<>(COMMON);
    switch (cell) {
      case GRU -> p.add("reset_after");
      case LSTM -> p.add("unit_forget_bias");
      case SIMPLE_RNN -> { }
    }
    return p;
  }

  /**
   * One recurrent layer; {@code inBidirectional} when it is the wrapped layer, whose output the wrapper reports and
   * whose recurrent activation is the one default.
   */
  private static LayerChecker.Result recurrent(LayerChecker c, RecurrentCell cell, Statement.LayerDecl layer,
      String name, Optional<Shape> input, Arguments args, boolean inBidirectional) {
    String kind = cell.keyword();
    args.requireAll("units");
    int units = args.integer("units", 0, Range.atLeast(1));
    only(args, kind, "activation", ActivationKind.TANH);
    if (cell != RecurrentCell.SIMPLE_RNN) {
      only(args, kind, "recurrent_activation", ActivationKind.SIGMOID);
    } else if (args.has("recurrent_activation")) {
      args.report(Diagnostic.error(Codes.UNKNOWN_ARGUMENT, args.value("recurrent_activation").get().span(),
              "simple_rnn has no recurrent_activation: it has no gates")
          .withHint("remove this argument"));
    }
    boolean useBias = args.bool("use_bias", true);
    Initializer kernelInit = c.initializer(kind, args);
    Initializer recurrentInit = args.value("recurrent_initializer")
        .flatMap(v -> c.named(kind, "recurrent_initializer", "initializer", v, LayerChecker.INITIALIZERS, args))
        .orElse(Initializer.ORTHOGONAL);
    boolean returnSequences = args.bool("return_sequences", false);
    if (cell == RecurrentCell.GRU && args.has("reset_after") && !args.bool("reset_after", true)) {
      args.report(Diagnostic.error(Codes.UNSUPPORTED_RECURRENT_OPTION, args.value("reset_after").get().span(),
              "gru runs Keras' default reset_after = true only (one bias for x·W, one for h·U)")
          .withHint("remove `reset_after = false`; the parameter count then matches Keras 2's GRU"));
    }
    boolean unitForgetBias = cell == RecurrentCell.LSTM && args.bool("unit_forget_bias", true);
    if (input.isPresent() && input.get().rank() != 2) {
      Shape in = input.get();
      Diagnostic e = Diagnostic.error(Codes.NEEDS_SEQUENCE_INPUT, layer.kind().span(),
          kind + " needs a sequence [steps, features], got " + in);
      args.report(in.rank() == 1
          ? e.withHint("declare the input as steps of features (`input [" + in.dim(0)
              + ", 1]` for one feature a step), or put an `embedding` before it for token ids")
          : e.withHint("a recurrent layer reads a sequence of vectors: flatten each step first, or use conv2d "
              + "for images"));
    }
    Optional<Shape> output = input.filter(in -> in.rank() == 2 && units > 0)
        .map(in -> returnSequences ? Shape.of(in.dim(0), units) : Shape.of(units));
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    Shape in = input.get();
    double gates = (double) cell.gates() * units;
    if (!c.fits(layer, name, gates * Math.max(in.dim(1), units), "weights")
        || !c.fits(layer, name, (double) in.dim(0) * gates * 4, "values per sample of its buffers")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    if (returnSequences && !inBidirectional) {
      c.returnsSequence(kind);
    }
    return new LayerChecker.Result(Optional.of(new RecurrentSpec(name, in, output.get(), cell, units, useBias,
        kernelInit, recurrentInit, unitForgetBias, returnSequences, c.inputMasked())), output);
  }

  /** Reports an activation argument other than {@code only}, Keras' default and the one the kernels compute. */
  private static void only(Arguments args, String kind, String parameter, ActivationKind only) {
    Optional<Value> v = args.value(parameter);
    if (v.isEmpty()) {
      return;
    }
    Optional<String> name = Values.name(v.get());
    if (name.isPresent() && name.get().equals(only.keyword())) {
      return;
    }
    args.report(Diagnostic.error(Codes.UNSUPPORTED_RECURRENT_OPTION, v.get().span(),
            kind + " computes " + parameter + " " + only.keyword() + " only, Keras' default, got " + Values.text(v.get()))
        .withHint("remove this argument"));
  }

  private static LayerChecker.Result bidirectional(LayerChecker c, Statement.LayerDecl layer, String name,
      Optional<Shape> input, Arguments args) {
    args.requireAll("layer");
    args.value("merge_mode").ifPresent(v -> {
      if (!Values.name(v).filter("concat"::equals).isPresent()) {
        args.report(Diagnostic.error(Codes.UNSUPPORTED_RECURRENT_OPTION, v.span(),
                "bidirectional merges its two directions by concat only, got " + Values.text(v))
            .withHint("remove this argument: the output is the two directions side by side"));
      }
    });
    Optional<Value> wrapped = args.value("layer");
    if (wrapped.isEmpty()) {
      return new LayerChecker.Result(Optional.empty(), Optional.empty());
    }
    Optional<RecurrentCell> cell = wrapped.filter(Value.Call.class::isInstance).map(Value.Call.class::cast)
        .flatMap(call -> java.util.Arrays.stream(RecurrentCell.values())
            .filter(k -> k.keyword().equals(call.name().text())).findFirst());
    if (cell.isEmpty()) {
      args.report(Diagnostic.error(Codes.NOT_RECURRENT, wrapped.get().span(),
              "bidirectional wraps a recurrent layer, got " + Values.text(wrapped.get()))
          .withHint("write the layer as a call: `bidirectional lstm(64)`, `bidirectional gru(32, "
              + "return_sequences = true)` or `bidirectional simple_rnn(16)`"));
      return new LayerChecker.Result(Optional.empty(), Optional.empty());
    }
    Value.Call call = (Value.Call) wrapped.get();
    Statement.LayerDecl inner = new Statement.LayerDecl(call.name(), call.args(), call.span());
    Arguments innerArgs = Arguments.bind(cell.get().keyword(), call.name().span(), call.args(),
        parameters(cell.get()), 1, c.diagnostics());
    LayerChecker.Result forward =
        recurrent(c, cell.get(), inner, name + "Forward", input, innerArgs, true);
    Optional<Shape> output = forward.output().map(o -> o.rank() == 2
        ? Shape.of(o.dim(0), 2 * o.dim(1)) : Shape.of(2 * o.dim(0)));
    if (forward.spec().isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    RecurrentSpec f = (RecurrentSpec) forward.spec().get();
    if (f.returnSequences()) {
      c.returnsSequence("bidirectional " + cell.get().keyword());
    }
    RecurrentSpec b = new RecurrentSpec(name + "Backward", f.inputShape(), f.outputShape(), f.cell(),
        f.units(), f.useBias(), f.kernelInitializer(), f.recurrentInitializer(), f.unitForgetBias(),
        f.returnSequences(), f.masked());
    return new LayerChecker.Result(
        Optional.of(new BidirectionalSpec(name, input.get(), output.get(), f, b)), output);
  }
}
