package dev.nnet.compiler.export;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Every activation of the exported class: the statements applying one in place over an array, and the private
 * static helpers they call, emitted once each and only when used. The formulas are the runtime kernels' (the
 * same rounding: each value computed in double from the stored pre-activation, then rounded to the model's
 * precision), so exported predictions agree with the runtime's to the last bits of float32.
 */
public final class ActivationExport {
  private ActivationExport() {}

  /** The function, for comments. */
  public static String formula(Activation a) {
    return a.kind().exportFormula(a.alpha());
  }

  /**
   * Statements applying {@code a} in place to {@code y}, which holds {@code rows} runs of {@code cols} values
   * (softmax normalizes each run; the others work value by value). Empty for linear.
   */
  public static CodeBlock inPlace(ExportClass cls, Activation a, String y, CodeBlock rows, CodeBlock cols) {
    return switch (a.kind().form()) {
      case IDENTITY -> CodeBlock.of("");
      case ROWS -> {
        cls.softmax = true;
        yield CodeBlock.builder()
            .add("// $L\n", formula(a))
            .addStatement("$L($L, $L, $L)", a.kind().kernel(), y, rows, cols)
            .build();
      }
      case VALUES, VALUES_WITH_ALPHA -> {
        cls.activations.add(a.kind());
        yield CodeBlock.builder()
            .add("// $L\n", formula(a))
            .beginControlFlow("for (int i = 0; i < $L.length; i++)", y)
            .addStatement("$L[i] = $L$L", y, cls.narrow(), a.kind().exportCall(y + "[i]", a.alpha()))
            .endControlFlow()
            .build();
      }
    };
  }

  /** Every name a helper of any activation may take in the exported class, so that no weight field takes it. */
  public static List<String> reservedNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ActivationKind k : ActivationKind.values()) {
      if (k.form() == ActivationKind.Form.ROWS) {
        names.add(k.kernel());
      }
      for (ActivationKind.ScalarHelper h : k.exportHelpers()) {
        names.add(h.name());
      }
    }
    return List.copyOf(names);
  }

  /** The helper methods the class uses, each once, in a fixed order. */
  public static List<MethodSpec> helpers(ExportClass cls) {
    Map<String, ActivationKind.ScalarHelper> used = new LinkedHashMap<>();
    for (ActivationKind k : cls.activations) {
      for (ActivationKind.ScalarHelper h : k.exportHelpers()) {
        used.putIfAbsent(h.name(), h);
      }
    }
    List<MethodSpec> methods = new ArrayList<>();
    for (ActivationKind.ScalarHelper h : used.values()) {
      MethodSpec.Builder m = MethodSpec.methodBuilder(h.name())
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(TypeName.DOUBLE)
          .addJavadoc("$L\n", h.doc());
      for (String p : h.parameters().split(", ")) {
        m.addParameter(TypeName.DOUBLE, p);
      }
      methods.add(m.addCode("$L\n", h.body()).build());
    }
    if (cls.softmax) {
      methods.add(softmax(cls));
    }
    return methods;
  }

  /** Softmax over each run of {@code cols} values, in the model's precision, as the runtime's kernel computes it. */
  private static MethodSpec softmax(ExportClass cls) {
    TypeName t = cls.scalar();
    MethodSpec.Builder m = MethodSpec.methodBuilder("softmax")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(cls.array(), "y")
        .addParameter(TypeName.INT, "rows")
        .addParameter(TypeName.INT, "cols")
        .addJavadoc("In place, each of {@code rows} runs of {@code cols} values:\n"
            + "y = e^(y − max) / Σ e^(y − max).\n")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("int o = r * cols")
        .addStatement("$T max = $T.NEGATIVE_INFINITY", t, cls.isDouble ? Double.class : Float.class)
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("max = Math.max(max, y[o + j])")
        .endControlFlow()
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("$T e = $LMath.exp(y[o + j] - max)", t, cls.narrow())
        .addStatement("y[o + j] = e")
        .addStatement("sum += e")
        .endControlFlow()
        .addStatement("$T inv = $L(1.0 / sum)", t, cls.narrow())
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("y[o + j] *= inv")
        .endControlFlow()
        .endControlFlow();
    return m.build();
  }
}
