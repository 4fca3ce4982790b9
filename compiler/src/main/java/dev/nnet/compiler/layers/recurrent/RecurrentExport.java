package dev.nnet.compiler.layers.recurrent;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A recurrent layer (GRU, LSTM, simple RNN) or a bidirectional pair, over one sample's sequence [steps, features]:
 * per step the input and recurrent products in double, then the cell's gates as the runtime's cell classes compute
 * them (Keras' gate order: GRU z r h with reset_after, LSTM i f c o). A bidirectional layer runs the second
 * direction last step first and writes its half of each step beside the first's. After an embedding with mask_zero
 * a padded step leaves the state (and an LSTM's cell) unchanged, as the runtime's FloatRecurrent: with
 * return_sequences its output repeats the state, or is 0 in a bidirectional layer (Keras' force_zero_output_for_mask).
 */
final class RecurrentExport implements LayerExport {
  private final LayerSpec spec;
  private final ExportClass cls;
  private final List<RecurrentSpec> directions;
  private final List<String[]> weights = new ArrayList<>();
  private final String steps;
  private final String features;
  private final String units;
  private final String gateUnits;
  private final String outWidth;
  private final String method;

  RecurrentExport(RecurrentSpec spec, ExportClass cls) {
    this(spec, List.of(spec), cls);
  }

  RecurrentExport(BidirectionalSpec spec, ExportClass cls) {
    this(spec, List.of(spec.forward(), spec.backward()), cls);
  }

  private RecurrentExport(LayerSpec spec, List<RecurrentSpec> directions, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    this.directions = directions;
    String n = spec.name();
    RecurrentSpec r = directions.get(0);
    int gu = r.cell().gates() * r.units();
    steps = cls.intConstant(n, "steps", r.steps(), n + ": steps of the input sequence.");
    features = cls.intConstant(n, "features", r.features(), n + ": features of each step.");
    units = cls.intConstant(n, "units", r.units(), n + ": units, the size of the state.");
    gateUnits = cls.intConstant(n, "gateUnits", gu, n + ": columns of the kernels, " + r.cell().gates()
        + " gate blocks of units.");
    outWidth = directions.size() == 2
        ? cls.intConstant(n, "outWidth", 2 * r.units(), n + ": values per step of the output, both directions.")
        : units;
    for (int d = 0; d < directions.size(); d++) {
      String prefix = directions.size() == 1 ? "" : d == 0 ? "forward" : "backward";
      String kernel = cls.parameter(n, role(prefix, "kernel"), CodeBlock.of("$L * $L", features, gateUnits),
          r.features() * gu, n + " kernel [" + features + ", " + gateUnits + "], row-major.");
      String recurrent = cls.parameter(n, role(prefix, "recurrentKernel"), CodeBlock.of("$L * $L", units, gateUnits),
          r.units() * gu, n + " recurrent kernel [" + units + ", " + gateUnits + "], row-major.");
      String bias = r.useBias()
          ? cls.parameter(n, role(prefix, "bias"), CodeBlock.of("$L", r.biasSize()), r.biasSize(),
              n + " bias [" + r.biasSize() + "]" + (r.cell() == RecurrentCell.GRU
                  ? ": the input's row, then the recurrent one." : "."))
          : null;
      weights.add(new String[] {kernel, recurrent, bias});
    }
    method = cls.names.method(n);
  }

  private static String role(String prefix, String role) {
    return prefix.isEmpty() ? role : prefix + Character.toUpperCase(role.charAt(0)) + role.substring(1);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  /** A masked layer reads which steps are padding (id 0) from the token ids, the model's input. */
  @Override
  public boolean readsInput() {
    return directions.get(0).masked();
  }

  @Override
  public Optional<MethodSpec> method() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: $L over the steps of x [$L, $L]$L$L.\n", spec.name(), spec.kerasName(), steps, features,
            directions.size() == 2 ? ", first to last, then last to first" : "",
            readsInput() ? "; a step whose token id is 0 (padding) leaves the state unchanged" : "")
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), CodeBlock.of("$L", spec.outputShape().size()));
    if (readsInput()) {
      m.addParameter(cls.array(), "ids");
    }
    for (int d = 0; d < directions.size(); d++) {
      m.addCode(direction(directions.get(d), weights.get(d), d == 1, d == 0 ? "0" : units));
    }
    return Optional.of(m.addStatement("return y").build());
  }

  /** One direction's loop over the steps, writing its output at column {@code offset}. */
  private CodeBlock direction(RecurrentSpec r, String[] w, boolean reverse, String offset) {
    String kernel = w[0];
    String recurrent = w[1];
    String bias = w[2];
    boolean gru = r.cell() == RecurrentCell.GRU;
    // a block per direction, so that the two directions' locals do not meet
    CodeBlock.Builder c = CodeBlock.builder()
        .add("{\n")
        .indent()
        .addStatement("double[] h = new double[$L]", units);
    if (r.cell() == RecurrentCell.LSTM) {
      c.addStatement("double[] cell = new double[$L]", units);
    }
    c.beginControlFlow("for (int s = 0; s < $L; s++)", steps)
        .addStatement(reverse ? CodeBlock.of("int t = $L - 1 - s", steps) : CodeBlock.of("int t = s"));
    boolean masked = r.masked();
    if (masked) {
      c.beginControlFlow("if (ids[t] != 0)");
    }
    c
        .addStatement("double[] a = new double[$L]", gateUnits)
        .addStatement("double[] rec = $L", gru ? "new double[" + gateUnits + "]" : "a");
    if (bias != null) {
      c.beginControlFlow("for (int j = 0; j < $L; j++)", gateUnits)
          .addStatement("a[j] = $L[j]", bias);
      if (gru) {
        c.addStatement("rec[j] = $L[$L + j]", bias, gateUnits);
      }
      c.endControlFlow();
    }
    c.beginControlFlow("for (int i = 0; i < $L; i++)", features)
        .addStatement("double xi = x[t * $L + i]", features)
        .beginControlFlow("for (int j = 0; j < $L; j++)", gateUnits)
        .addStatement("a[j] += xi * $L[i * $L + j]", kernel, gateUnits)
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < $L; i++)", units)
        .addStatement("double hi = h[i]")
        .beginControlFlow("for (int j = 0; j < $L; j++)", gateUnits)
        .addStatement("rec[j] += hi * $L[i * $L + j]", recurrent, gateUnits)
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < $L; j++)", units);
    switch (r.cell()) {
      case GRU -> c.add("// z = σ(x̂_z + ĥ_z), r = σ(x̂_r + ĥ_r), h̃ = tanh(x̂_h + r·ĥ_h), h = z·h + (1 − z)·h̃\n")
          .addStatement("double z = 1 / (1 + Math.exp(-(a[j] + rec[j])))")
          .addStatement("double r = 1 / (1 + Math.exp(-(a[$L + j] + rec[$L + j])))", units, units)
          .addStatement("double candidate = Math.tanh(a[2 * $L + j] + r * rec[2 * $L + j])", units, units)
          .addStatement("h[j] = z * h[j] + (1 - z) * candidate");
      case LSTM -> c.add("// i, f, o = σ(…), g = tanh(…), c = f·c + i·g, h = o·tanh(c)\n")
          .addStatement("double in = 1 / (1 + Math.exp(-a[j]))")
          .addStatement("double forget = 1 / (1 + Math.exp(-a[$L + j]))", units)
          .addStatement("double g = Math.tanh(a[2 * $L + j])", units)
          .addStatement("double out = 1 / (1 + Math.exp(-a[3 * $L + j]))", units)
          .addStatement("cell[j] = forget * cell[j] + in * g")
          .addStatement("h[j] = out * Math.tanh(cell[j])");
      case SIMPLE_RNN -> c.add("// h = tanh(x·W + h·U + b)\n").addStatement("h[j] = Math.tanh(a[j])");
    }
    c.endControlFlow();
    if (masked) {
      c.endControlFlow();
    }
    if (r.returnSequences() && masked && directions.size() == 2) {
      c.add("// a padded step's output stays 0, as Keras' Bidirectional writes it\n")
          .beginControlFlow("if (ids[t] != 0)");
    }
    if (r.returnSequences()) {
      c.beginControlFlow("for (int j = 0; j < $L; j++)", units)
          .addStatement("y[t * $L + $L + j] = $Lh[j]", outWidth, offset, cls.narrow())
          .endControlFlow();
      if (masked && directions.size() == 2) {
        c.endControlFlow();
      }
    }
    c.endControlFlow();
    if (!r.returnSequences()) {
      c.beginControlFlow("for (int j = 0; j < $L; j++)", units)
          .addStatement("y[$L + j] = $Lh[j]", offset, cls.narrow())
          .endControlFlow();
    }
    return c.unindent().add("}\n").build();
  }
}
