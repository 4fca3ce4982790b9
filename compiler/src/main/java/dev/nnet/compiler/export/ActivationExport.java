package dev.nnet.compiler.export;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Every activation of the exported class: the statements applying one in place over an array, and the private
 * static helpers they call, emitted once each and only when used. The formulas are the runtime kernels' (the
 * same rounding: each value computed in double from the stored pre-activation, then rounded to the model's
 * precision), so exported predictions agree with the runtime's to the last bits of float32.
 */
final class ActivationExport {
  private ActivationExport() {}

  /** The function, for comments. */
  static String formula(Activation a) {
    return switch (a.kind()) {
      case LINEAR -> "z";
      case RELU -> "relu(z) = max(0, z)";
      case LEAKY_RELU -> "leaky_relu(z) = z if z > 0 else " + a.alpha() + "·z";
      case ELU -> "elu(z) = z if z > 0 else " + a.alpha() + "·(e^z − 1)";
      case SIGMOID -> "sigmoid(z) = 1 / (1 + e^−z)";
      case TANH -> "tanh(z)";
      case SOFTMAX -> "softmax(z) = e^z / Σ e^z over the last axis";
      case SOFTPLUS -> "softplus(z) = log(1 + e^z)";
      case SWISH -> "swish(z) = z·sigmoid(z)";
      case GELU -> "gelu(z) = z·Φ(z), Φ the standard normal CDF";
    };
  }

  /**
   * Statements applying {@code a} in place to {@code y}, which holds {@code rows} runs of {@code cols} values
   * (softmax normalizes each run; the others work value by value). Empty for linear.
   */
  static CodeBlock inPlace(ExportClass cls, Activation a, String y, CodeBlock rows, CodeBlock cols) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (a.kind() == ActivationKind.LINEAR) {
      return code.build();
    }
    code.add("// $L\n", formula(a));
    if (a.kind() == ActivationKind.SOFTMAX) {
      cls.softmax = true;
      return code.addStatement("softmax($L, $L, $L)", y, rows, cols).build();
    }
    cls.activations.add(a.kind());
    return code
        .beginControlFlow("for (int i = 0; i < $L.length; i++)", y)
        .addStatement("$L[i] = $L$L", y, cls.narrow(), call(a, y + "[i]"))
        .endControlFlow()
        .build();
  }

  private static CodeBlock call(Activation a, String z) {
    return switch (a.kind()) {
      case LEAKY_RELU -> CodeBlock.of("leakyRelu($L, $L)", z, Double.toString(a.alpha()));
      case ELU -> CodeBlock.of("elu($L, $L)", z, Double.toString(a.alpha()));
      case TANH -> CodeBlock.of("$T.tanh($L)", Math.class, z);
      default -> CodeBlock.of("$L($L)", a.kind().keyword(), z);
    };
  }

  /** The helper methods the class uses, in a fixed order. */
  static List<MethodSpec> helpers(ExportClass cls) {
    List<MethodSpec> methods = new ArrayList<>();
    for (ActivationKind k : cls.activations) {
      switch (k) {
        case RELU -> methods.add(scalar("relu", "relu(z) = max(0, z).", "return z > 0 ? z : 0.0"));
        case LEAKY_RELU -> methods.add(scalarWithAlpha("leakyRelu", "z for z > 0, else alpha·z.",
            "return z > 0 ? z : alpha * z"));
        case ELU -> methods.add(scalarWithAlpha("elu", "z for z > 0, else alpha·(e^z − 1).",
            "return z > 0 ? z : alpha * Math.expm1(z)"));
        case SIGMOID, SWISH -> {
          // swish calls sigmoid; both share one helper.
        }
        case SOFTPLUS -> methods.add(scalar("softplus",
            "log(1 + e^z) = max(z, 0) + log(1 + e^−|z|), which neither overflows nor loses small values.",
            "return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))"));
        case GELU -> methods.addAll(gelu());
        default -> {
          // linear, tanh and softmax need no scalar helper.
        }
      }
    }
    if (cls.activations.contains(ActivationKind.SWISH)) {
      methods.add(scalar("swish", "swish(z) = z·sigmoid(z).", "return z * sigmoid(z)"));
    }
    if (cls.activations.contains(ActivationKind.SIGMOID) || cls.activations.contains(ActivationKind.SWISH)) {
      methods.add(MethodSpec.methodBuilder("sigmoid")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(TypeName.DOUBLE)
          .addParameter(TypeName.DOUBLE, "z")
          .addJavadoc("The logistic function 1 / (1 + e^−z), without overflow for large |z|.\n")
          .beginControlFlow("if (z >= 0)")
          .addStatement("return 1.0 / (1.0 + Math.exp(-z))")
          .endControlFlow()
          .addStatement("double e = Math.exp(z)")
          .addStatement("return e / (1.0 + e)")
          .build());
    }
    if (cls.softmax) {
      methods.add(softmax(cls));
    }
    return methods;
  }

  private static MethodSpec scalar(String name, String doc, String body) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "z")
        .addJavadoc("$L\n", doc)
        .addStatement(body)
        .build();
  }

  private static MethodSpec scalarWithAlpha(String name, String doc, String body) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "z")
        .addParameter(TypeName.DOUBLE, "alpha")
        .addJavadoc("$L\n", doc)
        .addStatement(body)
        .build();
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

  /** gelu and the normal CDF it needs, accurate to double precision over the whole line. */
  private static List<MethodSpec> gelu() {
    return List.of(
        scalar("gelu", "gelu(z) = z·Φ(z), the exact form (not the tanh approximation).", "return z * normalCdf(z)"),
        MethodSpec.methodBuilder("normalCdf")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameter(TypeName.DOUBLE, "x")
            .addJavadoc("Φ(x) = erfc(−x/√2) / 2; the tails are computed directly, not as 1 − erf.\n")
            .addStatement("double z = -x * Math.sqrt(0.5)")
            .beginControlFlow("if (z > 2)")
            .addStatement("return 0.5 * erfcLarge(z)")
            .endControlFlow()
            .beginControlFlow("if (z < -2)")
            .addStatement("return 1.0 - 0.5 * erfcLarge(-z)")
            .endControlFlow()
            .addStatement("return 0.5 * (1.0 - erfSmall(z))")
            .build(),
        MethodSpec.methodBuilder("erfSmall")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameter(TypeName.DOUBLE, "z")
            .addJavadoc("erf(z) for |z| <= 2: (2/√π)·e^(−z²)·Σₖ (2z²)ᵏ·z / (1·3·…·(2k+1)), terms all of one sign.\n")
            .addStatement("double z2 = 2 * z * z")
            .addStatement("double term = z")
            .addStatement("double sum = z")
            .beginControlFlow("for (int k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++)")
            .addStatement("term *= z2 / (2 * k + 1)")
            .addStatement("sum += term")
            .endControlFlow()
            .addStatement("return 2.0 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum")
            .build(),
        MethodSpec.methodBuilder("erfcLarge")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameter(TypeName.DOUBLE, "z")
            .addJavadoc("erfc(z) for z > 2 by its continued fraction, evaluated from a fixed depth of 100 inwards.\n")
            .addStatement("double f = z")
            .beginControlFlow("for (int k = 100; k >= 1; k--)")
            .addStatement("f = z + 0.5 * k / f")
            .endControlFlow()
            .addStatement("return 1.0 / Math.sqrt(Math.PI) * Math.exp(-z * z) / f")
            .build());
  }
}
