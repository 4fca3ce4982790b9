package dev.nnet.compiler.layers.recurrent;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.InitializerCode;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Param;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A recurrent layer (GRU, LSTM, simple RNN), alone or as the two directions of a bidirectional one. The generated
 * class holds the sizes as constants, the parameters, and one runtime cell object per direction ({@code FloatGru},
 * {@code DoubleLstm}, ...), which runs the steps forward and backpropagates through time with buffers of its own;
 * the two directions of a bidirectional layer write their halves of one output and add their input gradients.
 */
final class RecurrentEmitter implements LayerEmitter {
  private final LayerSpec spec;
  private final List<RecurrentSpec> directions;
  private final List<Direction> declared = new ArrayList<>();
  private Tensor in;
  private Tensor out;
  private String forwardName;
  private String backwardName;
  /** The embedding before the layer, when the layer looks the token ids up in its table itself. */
  private LayerEmitter.TokenTable embedding;

  /** One direction's parameters and cell object. */
  private record Direction(String cell, Param kernel, Param recurrentKernel, Param bias, boolean masked) {}

  RecurrentEmitter(RecurrentSpec spec) {
    this.spec = spec;
    this.directions = List.of(spec);
  }

  RecurrentEmitter(BidirectionalSpec spec) {
    this.spec = spec;
    this.directions = List.of(spec.forward(), spec.backward());
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Activation activation() {
    return Activation.of(ActivationKind.TANH);
  }

  /** A one-direction layer takes the ids and the table: see the runtime's {@code forwardEmbedded}. */
  @Override
  public boolean looksUp(LayerEmitter.TokenTable embedding) {
    if (directions.size() != 1) {
      return false;
    }
    this.embedding = embedding;
    return true;
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    RecurrentSpec first = directions.get(0);
    String steps = cls.intConstant(n, "steps", first.steps());
    String features = cls.intConstant(n, "features", first.features());
    String units = cls.intConstant(n, "units", first.units());
    String gateUnits = cls.intConstant(n, "gateUnits", first.cell().gates() * first.units());
    boolean bidirectional = directions.size() == 2;
    String outWidth = bidirectional ? cls.intConstant(n, "outWidth", 2 * first.units()) : units;
    for (int d = 0; d < directions.size(); d++) {
      RecurrentSpec r = directions.get(d);
      String prefix = bidirectional ? (d == 0 ? "forward" : "backward") : "";
      Param kernel = cls.parameter(n, role(prefix, "kernel"), CodeBlock.of(features), CodeBlock.of(gateUnits),
          List.of(features, gateUnits), true);
      cls.initialize.add(InitializerCode.fill(r.kernelInitializer(), kernel.value(), CodeBlock.of(features),
          CodeBlock.of(gateUnits)));
      Param recurrentKernel = cls.parameter(n, role(prefix, "recurrentKernel"), CodeBlock.of(units),
          CodeBlock.of(gateUnits), List.of(units, gateUnits), true);
      cls.initialize.add(InitializerCode.fill(r.recurrentInitializer(), recurrentKernel.value(), CodeBlock.of(units),
          CodeBlock.of(gateUnits)));
      Param bias = null;
      if (r.useBias()) {
        int rows = r.biasSize() / (r.cell().gates() * r.units());
        List<String> shape = rows == 1 ? List.of(gateUnits) : List.of(String.valueOf(rows), gateUnits);
        bias = cls.parameter(n, role(prefix, "bias"), CodeBlock.of("$L", rows), CodeBlock.of(gateUnits), shape, true);
        cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, bias.value());
        if (r.unitForgetBias()) {
          cls.initialize.add("// unit_forget_bias: the forget gate's bias (the second block of i f c o) starts at 1\n");
          cls.initialize.addStatement("$T.fill($L.data, $L, 2 * $L, 1)", java.util.Arrays.class, bias.value(), units,
              units);
        }
      }
      ClassName type = ClassName.get(RuntimeTypes.RUNTIME + ".layer",
          (cls.num.isDouble() ? "Double" : "Float") + cellClass(r.cell()));
      String cell = cls.layerObject(type, bidirectional ? n + capitalize(prefix) : n,
          CodeBlock.of("new $T($L,$W$L,$W$L,$W$L,$W$L,$W$L,$W$L,$W$L)", type, steps, features, units, r.returnSequences(),
              d == 1, bidirectional && r.returnSequences(), outWidth, d == 0 ? "0" : units));
      declared.add(new Direction(cell, kernel, recurrentKernel, bias, r.masked()));
    }
    String size = cls.intConstant(n, "size", spec.outputShape().size());
    out = cls.tensor(n, "out", size, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  private static String role(String prefix, String role) {
    return prefix.isEmpty() ? role : prefix + capitalize(role);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String cellClass(RecurrentCell cell) {
    return switch (cell) {
      case GRU -> "Gru";
      case LSTM -> "Lstm";
      case SIMPLE_RNN -> "SimpleRnn";
    };
  }

  private static String mask(Direction d) {
    return d.masked() ? ClassBuilder.MASK : "null";
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L over the steps of each sequence$L (the formulas are in the runtime's cell class).\n",
            spec.name(), spec.kerasName(), directions.size() == 2 ? ", first to last and last to first" : "");
    if (embedding != null) {
      method.addJavadoc("Its input: the token ids, looked up in $L.\n", embedding.table().value());
    }
    for (Direction d : declared) {
      String bias = d.bias() == null ? "null" : d.bias().value() + ".data";
      if (embedding != null) {
        method.addStatement("$L.forwardEmbedded($L.data,$W$L,$W$L,$W$L,$W$L,$W$L,$W$L,$W$L.data)", d.cell(),
            embedding.ids().value(), embedding.table().value(), d.kernel().value(), d.recurrentKernel().value(), bias,
            mask(d), ClassBuilder.ROWS, out.value());
      } else {
        method.addStatement("$L.forward($L.data,$W$L,$W$L,$W$L,$W$L,$W$L,$W$L.data)", d.cell(), in.value(),
            d.kernel().value(), d.recurrentKernel().value(), bias, mask(d), ClassBuilder.ROWS, out.value());
      }
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: backpropagation through time, the steps in reverse$L.\n", spec.name(),
            embedding != null ? ", and the embedding table's gradient"
                : in.hasGradient() ? "" : "\n(no dx: nothing before this layer needs it)");
    for (int i = 0; i < declared.size(); i++) {
      Direction d = declared.get(i);
      String biasGrad = d.bias() == null ? "null" : d.bias().gradient() + ".data";
      if (embedding != null) {
        method.addStatement("$L.backwardEmbedded($L.data,$W$L,$W$L,$W$L,$W$L,$W$L.data,$W$L,$W$L.data,$W$L.data,$W$L,"
            + "$W$L.data)", d.cell(), embedding.ids().value(), embedding.table().value(), d.kernel().value(),
            d.recurrentKernel().value(), mask(d), out.gradient(), ClassBuilder.ROWS, d.kernel().gradient(),
            d.recurrentKernel().gradient(), biasGrad, embedding.table().gradient());
        continue;
      }
      method.addStatement("$L.backward($L.data,$W$L,$W$L,$W$L,$W$L.data,$W$L,$W$L.data,$W$L.data,$W$L,$W$L,$W$L)",
          d.cell(),
          in.value(), d.kernel().value(), d.recurrentKernel().value(), mask(d), out.gradient(), ClassBuilder.ROWS,
          d.kernel().gradient(), d.recurrentKernel().gradient(),
          biasGrad,
          in.hasGradient() ? in.gradient() + ".data" : "null", i > 0);
    }
    return Optional.of(method.build());
  }
}
