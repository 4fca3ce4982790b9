package dev.nnet.compiler.model;

import java.util.List;

/**
 * The activation functions of the language: the one table row per activation that every stage reads. A row names
 * the keyword a model file uses, the runtime kernels ({@code dev.nnet.runtime.kernel.Activations.<kernel>} and
 * {@code <kernel>Backward}) and their calling form, whether the backward pass needs the input, the parameter
 * {@code alpha} when there is one, the formulas for comments, the scalar Java the standalone export uses, and the
 * ONNX operators the ONNX export composes.
 *
 * <p>Every aspect is an abstract method or a constructor argument, so a new constant that forgets one does not
 * compile. Adding an activation means adding a constant here and its kernel pair in the runtime.
 */
public enum ActivationKind {
  LINEAR("linear", "linear", Form.IDENTITY, false, Onnx.IDENTITY) {
    @Override
    public String formula(double alpha) {
      return "linear(z) = z";
    }

    @Override
    public String exportFormula(double alpha) {
      return "z";
    }

    @Override
    public String exportCall(String z, double alpha) {
      return z;
    }
  },
  RELU("relu", "relu", Form.VALUES, false, Onnx.unary("Relu")) {
    @Override
    public String formula(double alpha) {
      return "relu(z) = max(0, z), relu' = [y > 0]";
    }

    @Override
    public String exportFormula(double alpha) {
      return "relu(z) = max(0, z)";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(new ScalarHelper("relu", "z", "relu(z) = max(0, z).", "return z > 0 ? z : 0.0;"));
    }
  },
  LEAKY_RELU("leaky_relu", "leakyRelu", Form.VALUES_WITH_ALPHA, false, Onnx.unary("LeakyRelu")) {
    @Override
    public String formula(double alpha) {
      return "leaky_relu(z) = z if z > 0 else " + alpha + "·z, derivative 1 or " + alpha;
    }

    @Override
    public String exportFormula(double alpha) {
      return "leaky_relu(z) = z if z > 0 else " + alpha + "·z";
    }

    @Override
    public Alpha alpha() {
      // Not below 0: the y-based derivative tells the sides of the kink apart by the sign of y.
      return new Alpha(0.3, false);
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(new ScalarHelper("leakyRelu", "z, alpha", "z for z > 0, else alpha·z.",
          "return z > 0 ? z : alpha * z;"));
    }
  },
  ELU("elu", "elu", Form.VALUES_WITH_ALPHA, false, Onnx.unary("Elu")) {
    @Override
    public String formula(double alpha) {
      return "elu(z) = z if z > 0 else " + alpha + "·(e^z − 1), derivative 1 or y + " + alpha;
    }

    @Override
    public String exportFormula(double alpha) {
      return "elu(z) = z if z > 0 else " + alpha + "·(e^z − 1)";
    }

    @Override
    public Alpha alpha() {
      // Above 0, for the same reason as leaky_relu.
      return new Alpha(1.0, true);
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(new ScalarHelper("elu", "z, alpha", "z for z > 0, else alpha·(e^z − 1).",
          "return z > 0 ? z : alpha * Math.expm1(z);"));
    }
  },
  SIGMOID("sigmoid", "sigmoid", Form.VALUES, false, Onnx.unary("Sigmoid")) {
    @Override
    public String formula(double alpha) {
      return "sigmoid(z) = 1 / (1 + e^−z), sigmoid' = y·(1 − y)";
    }

    @Override
    public String exportFormula(double alpha) {
      return "sigmoid(z) = 1 / (1 + e^−z)";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(ScalarHelper.SIGMOID);
    }
  },
  TANH("tanh", "tanh", Form.VALUES, false, Onnx.unary("Tanh")) {
    @Override
    public String formula(double alpha) {
      return "tanh(z), tanh' = 1 − y²";
    }

    @Override
    public String exportFormula(double alpha) {
      return "tanh(z)";
    }

    @Override
    public String exportCall(String z, double alpha) {
      return "Math.tanh(" + z + ")";
    }
  },
  SOFTMAX("softmax", "softmax", Form.ROWS, false, Onnx.SOFTMAX) {
    @Override
    public String formula(double alpha) {
      return "softmax(z) = e^z / Σ e^z over the last axis, dz = y ⊙ (dy − Σ dy ⊙ y)";
    }

    @Override
    public String exportFormula(double alpha) {
      return "softmax(z) = e^z / Σ e^z over the last axis";
    }
  },
  SOFTPLUS("softplus", "softplus", Form.VALUES, false, Onnx.unary("Softplus")) {
    @Override
    public String formula(double alpha) {
      return "softplus(z) = log(1 + e^z), softplus' = 1 − e^−y";
    }

    @Override
    public String exportFormula(double alpha) {
      return "softplus(z) = log(1 + e^z)";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(ScalarHelper.SOFTPLUS);
    }
  },
  SWISH("swish", "swish", Form.VALUES, true, Onnx.gate("Sigmoid")) {
    @Override
    public String formula(double alpha) {
      return "swish(z) = z·sigmoid(z), swish' = s + z·s·(1 − s) with s = sigmoid(z)";
    }

    @Override
    public String exportFormula(double alpha) {
      return "swish(z) = z·sigmoid(z)";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(
          new ScalarHelper("swish", "z", "swish(z) = z·sigmoid(z).", "return z * sigmoid(z);"), ScalarHelper.SIGMOID);
    }
  },
  MISH("mish", "mish", Form.VALUES, true, Onnx.gate("Softplus", "Tanh")) {
    @Override
    public String formula(double alpha) {
      return "mish(z) = z·tanh(softplus(z)), mish' = t + z·(1 − t²)·sigmoid(z) with t = tanh(softplus(z))";
    }

    @Override
    public String exportFormula(double alpha) {
      return "mish(z) = z·tanh(softplus(z))";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(
          new ScalarHelper("mish", "z", "mish(z) = z·tanh(softplus(z)).", "return z * Math.tanh(softplus(z));"),
          ScalarHelper.SOFTPLUS);
    }
  },
  GELU("gelu", "gelu", Form.VALUES, true, Onnx.GELU) {
    @Override
    public String formula(double alpha) {
      return "gelu(z) = z·Φ(z), gelu' = Φ(z) + z·φ(z) (exact, with erf)";
    }

    @Override
    public String exportFormula(double alpha) {
      return "gelu(z) = z·Φ(z), Φ the standard normal CDF";
    }

    @Override
    public List<ScalarHelper> exportHelpers() {
      return List.of(
          new ScalarHelper("gelu", "z", "gelu(z) = z·Φ(z), the exact form (not the tanh approximation).",
              "return z * normalCdf(z);"),
          new ScalarHelper("normalCdf", "x",
              "Φ(x) = erfc(−x/√2) / 2; the tails are computed directly, not as 1 − erf.",
              """
              double z = -x * Math.sqrt(0.5);
              if (z > 2) {
                return 0.5 * erfcLarge(z);
              }
              if (z < -2) {
                return 1.0 - 0.5 * erfcLarge(-z);
              }
              return 0.5 * (1.0 - erfSmall(z));"""),
          new ScalarHelper("erfSmall", "z",
              "erf(z) for |z| <= 2: (2/√π)·e^(−z²)·Σₖ (2z²)ᵏ·z / (1·3·…·(2k+1)), terms all of one sign.",
              """
              double z2 = 2 * z * z;
              double term = z;
              double sum = z;
              for (int k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
                term *= z2 / (2 * k + 1);
                sum += term;
              }
              return 2.0 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;"""),
          new ScalarHelper("erfcLarge", "z",
              "erfc(z) for z > 2 by its continued fraction, evaluated from a fixed depth of 100 inwards.",
              """
              double f = z;
              for (int k = 100; k >= 1; k--) {
                f = z + 0.5 * k / f;
              }
              return 1.0 / Math.sqrt(Math.PI) * Math.exp(-z * z) / f;"""));
    }
  };

  /** How the runtime kernels are called. */
  public enum Form {
    /** No kernel: the identity (a copy when input and output differ). */
    IDENTITY,
    /** {@code kernel(x, y, from, n)} and {@code kernelBackward(xOrY, dy, dx, from, n)}, value by value. */
    VALUES,
    /** As {@link #VALUES} with a trailing {@code alpha}. */
    VALUES_WITH_ALPHA,
    /** {@code kernel(x, y, from, rows, cols)}: each run of {@code cols} values normalized together. */
    ROWS
  }

  /**
   * How the ONNX export writes the activation, by ONNX operator names (opset 17): an activation built from ONNX's
   * operators this way needs no code in the exporter. {@link OnnxShape#UNARY} is {@code op(z)}, with the
   * {@code alpha} attribute when the activation takes one; {@link OnnxShape#GATE} is {@code z · opN(…op1(z))}.
   */
  public record Onnx(OnnxShape shape, List<String> ops) {
    public Onnx {
      ops = List.copyOf(ops);
    }

    static final Onnx IDENTITY = new Onnx(OnnxShape.IDENTITY, List.of());
    static final Onnx SOFTMAX = new Onnx(OnnxShape.SOFTMAX, List.of());
    static final Onnx GELU = new Onnx(OnnxShape.GELU, List.of());

    static Onnx unary(String op) {
      return new Onnx(OnnxShape.UNARY, List.of(op));
    }

    static Onnx gate(String... ops) {
      return new Onnx(OnnxShape.GATE, List.of(ops));
    }
  }

  /** The shapes of {@link Onnx}; softmax (over the sample's last axis) and gelu (with Erf) have their own. */
  public enum OnnxShape {
    IDENTITY,
    UNARY,
    GATE,
    SOFTMAX,
    GELU
  }

  /** The parameter {@code alpha}: its default, and whether it must be above 0 (else at least 0). */
  public record Alpha(double defaultValue, boolean positive) {}

  /**
   * A private static scalar helper of the exported class: {@code double name(double params...)}, the body Java
   * statements with two-space indentation. Helpers are emitted once each, by name.
   */
  public record ScalarHelper(String name, String parameters, String doc, String body) {
    static final ScalarHelper SIGMOID = new ScalarHelper("sigmoid", "z",
        "The logistic function 1 / (1 + e^−z), without overflow for large |z|.",
        """
        if (z >= 0) {
          return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);""");
    static final ScalarHelper SOFTPLUS = new ScalarHelper("softplus", "z",
        "log(1 + e^z) = max(z, 0) + log(1 + e^−|z|), which neither overflows nor loses small values.",
        "return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));");
  }

  private final String keyword;
  private final String kernel;
  private final Form form;
  private final boolean backwardNeedsInput;
  private final Onnx onnx;

  ActivationKind(String keyword, String kernel, Form form, boolean backwardNeedsInput, Onnx onnx) {
    this.keyword = keyword;
    this.kernel = kernel;
    this.form = form;
    this.backwardNeedsInput = backwardNeedsInput;
    this.onnx = onnx;
  }

  /** The name a model file uses. */
  public String keyword() {
    return keyword;
  }

  /** The runtime kernel's method name; its derivative is {@code kernel() + "Backward"}. */
  public String kernel() {
    return kernel;
  }

  /** How the kernels are called. */
  public Form form() {
    return form;
  }

  /**
   * True when the derivative needs the activation's input, so the forward pass must keep it; otherwise it is
   * written in terms of the output y and the layer may apply the activation in place.
   */
  public boolean backwardNeedsInput() {
    return backwardNeedsInput;
  }

  /** How the ONNX export writes the activation. */
  public Onnx onnx() {
    return onnx;
  }

  /** The parameter {@code alpha}, or null when the activation takes none. */
  public Alpha alpha() {
    return null;
  }

  /** The function and its derivative, for comments in generated code. */
  public abstract String formula(double alpha);

  /** The function alone, for comments in the exported class. */
  public abstract String exportFormula(double alpha);

  /**
   * The exported class's expression for f(z), calling {@link #exportHelpers}; {@code alpha} is passed as a
   * literal when the activation takes one. Not called for {@link Form#IDENTITY} or {@link Form#ROWS}.
   */
  public String exportCall(String z, double alpha) {
    return alpha() == null ? kernel + "(" + z + ")" : kernel + "(" + z + ", " + alpha + ")";
  }

  /** The scalar helpers {@link #exportCall} needs, each with the helpers it calls. */
  public List<ScalarHelper> exportHelpers() {
    return List.of();
  }
}
