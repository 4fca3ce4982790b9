package dev.nnet.compiler.fuzz;

import dev.nnet.compiler.model.ActivationKind;
import java.util.List;

/**
 * Writes a model file from fuzzer bytes. Raw-byte mutation rarely gets a model past the checker, so this writes
 * models that mostly check clean, reaching the shape rules, the generator and javac with a new architecture every
 * few inputs: a vector model (dense, dropout, activation, batch norm layers) or an image model (convolutions and
 * pooling, then flatten or global pooling, then dense layers), with the language's words for activations, losses,
 * metrics, optimizers, training and data. Each choice takes one byte from the front, so similar inputs give similar
 * models; about one choice in eight takes a hostile option instead: a name that clashes with what generated code
 * uses ({@code Network}, {@code Math}, {@code ROWS}), a number at the edge of its range, a file name or string with
 * quotes, backslashes, {@code *}{@code /} or unicode escapes.
 */
final class ModelWriter {
  private static final Choice NAMES = new Choice(
      List.of("Iris", "Digits", "M", "Model_1", "A1b2"),
      List.of("String", "Math", "System", "Override", "Generated", "Network", "Parameter", "Dataset", "Rng", "MatMul",
          "Activations", "Losses", "Initializers", "Bias", "Arrays", "List", "record", "var", "_x", "class", "java",
          "dense1", "DENSE1_UNITS", "forward", "ROWS", "CAPACITY", "Iris2147483648"));
  private static final Choice PACKAGES = new Choice(
      List.of("", "dev.nnet.samples", "com.example.models"),
      List.of("java.lang", "a.b.c", "var", "record.x", "dev.nnet.runtime", "x.String", "java", "javax.tools", "a._",
          "a.class", "a.b1", "Iris"));
  private static final Choice ACTIVATIONS = new Choice(
      java.util.stream.Stream.concat(
              java.util.Arrays.stream(ActivationKind.values()).map(ActivationKind::keyword),
              java.util.stream.Stream.of("leaky_relu(alpha = 0.3)", "elu(alpha = 2)"))
          .toList(),
      List.of("relu(alpha = 1)", "soft_max", "leaky_relu(alpha = -1)", "leaky_relu(alpha = 1e308)"));
  private static final Choice INITIALIZERS = new Choice(
      List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform"),
      List.of("zeros", "ones", "orthogonal"));
  private static final Choice LOSSES = new Choice(
      List.of("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
          "mean_squared_error", "mean_absolute_error", "huber", "huber(delta = 0.5)"),
      List.of("euclidean", "hinge", "huber(delta = 0)", "huber(delta = -1)"));
  private static final Choice METRICS = new Choice(
      List.of("accuracy", "precision", "recall", "f1", "mse", "mae", "r2", "top_k_accuracy(k = 2)"),
      List.of("top_k_accuracy(k = 0)", "top_k_accuracy(k = 100)", "auc", "val_loss"));
  private static final Choice OPTIMIZERS = new Choice(
      List.of("adam", "sgd", "adamw", "rmsprop", "adagrad", "adam(learning_rate = 1e-3, beta_1 = 0.8, beta_2 = 0.99)",
          "sgd(learning_rate = 0.1, momentum = 0.9, nesterov = true)", "rmsprop(rho = 0.5, momentum = 0.1)",
          "adagrad(initial_accumulator_value = 0.2)", "adamw(weight_decay = 0.1, epsilon = 1e-8)"),
      List.of("sgd(momentum = 1)", "adam(learning_rate = -1)", "lion", "adam(learning_rate = 1e309)"));
  private static final Choice UNITS = new Choice(
      List.of("1", "2", "3", "4", "8", "10", "16", "32", "64"),
      List.of("0", "-1", "1000000", "2147483647", "2147483648", "1.5", "1e3", "65536"));
  private static final Choice SIDES = new Choice(
      List.of("4", "5", "6", "7", "8", "12", "16", "28"), List.of("1", "2", "3", "0", "100000", "2147483647"));
  private static final Choice CHANNELS = new Choice(List.of("1", "2", "3"), List.of("0", "64", "1000"));
  private static final Choice RATES = new Choice(
      List.of("0.1", "0.2", "0.5", "0.25", "1/3", "0"), List.of("1", "1.5", "-0.1", "1e-9", "0.999999999", "1/0"));
  private static final Choice WINDOWS = new Choice(
      List.of("1x1", "2x2", "3x3", "2x3", "3x1"), List.of("0x2", "5x5", "9x9", "100x100", "2147483647x1"));
  private static final Choice COUNTS = new Choice(
      List.of("1", "2", "5", "10", "32", "100"), List.of("0", "-1", "2147483647", "2147483648", "1.5"));
  private static final Choice STRINGS = new Choice(
      List.of("iris.csv", "data/train.csv.gz", "/abs/path with spaces/d.csv", "images.idx.gz"),
      List.of("C:\\\\data\\\\x.csv", "a \\\"quoted\\\" name.csv", "*/ class X {} /*.csv",
          "\\\\u0022); System.exit(1); (\\\\u0022", "\\\\u002a/ x", "ünïcødé ✓.csv", "\\\\", " ", "",
          "../../etc/passwd", "x\\\\ny.csv", "${user.home}/x.csv", "%s%n.csv"));
  private static final Choice LABELS = new Choice(
      List.of("species", "label", "y"), List.of("a,b", "\\\"", "*/", "\\\\u000a", "", "y1, y2", "class", "ü"));
  /** Names the model file could have: they reach the generated header comment. */
  private static final Choice FILE_NAMES = new Choice(
      List.of("model.nnet", "iris.nnet"),
      List.of("x*/y.nnet", "a\\u002a\\u002fb.nnet", "*/.nnet", "c:\\dir\\m.nnet", "a\\u000a.nnet", "ü ✓.nnet",
          "/* x */.nnet", "a\nb.nnet", "", "\\u0022.nnet"));

  /** Safe options, and hostile ones taken for about one byte value in eight. */
  private record Choice(List<String> safe, List<String> hostile) {}

  private final byte[] in;
  private int at;
  private final StringBuilder out = new StringBuilder();

  private ModelWriter(byte[] in, int from) {
    this.in = in;
    this.at = from;
  }

  /** A model file's name and text. */
  record Written(String fileName, String text) {}

  /** The model file that {@code input} (from byte {@code from} on) describes. */
  static Written write(byte[] input, int from) {
    ModelWriter w = new ModelWriter(input, from);
    String name = w.pick(FILE_NAMES);
    w.model();
    return new Written(name, w.out.toString());
  }

  /** The next byte, 0 to 255; 0 once the input is used up. */
  private int next() {
    return at < in.length ? in[at++] & 0xFF : 0;
  }

  private int next(int bound) {
    return next() % bound;
  }

  private String pick(Choice c) {
    int b = next();
    return b < 224 ? c.safe().get(b % c.safe().size()) : c.hostile().get(b % c.hostile().size());
  }

  private boolean maybe() {
    return next(2) == 1;
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private void model() {
    line("model " + pick(NAMES));
    String p = pick(PACKAGES);
    if (!p.isEmpty()) {
      line("package " + p);
    }
    if (maybe()) {
      line("precision " + (maybe() ? "float64" : "float32"));
    }
    if (maybe()) {
      line("input [" + pick(SIDES) + ", " + pick(SIDES) + ", " + pick(CHANNELS) + "]");
      for (int i = next(4); i >= 0; i--) {
        imageLayer();
      }
      line(maybe() ? "flatten" : maybe() ? "global_avgpool2d" : "global_maxpool2d");
    } else if (maybe()) {
      line("input [" + pick(SIDES) + ", " + pick(CHANNELS) + "]");
      for (int i = next(4); i >= 0; i--) {
        sequenceLayer();
      }
      line(maybe() ? "flatten" : maybe() ? "global_avgpool1d" : "global_maxpool1d");
    } else {
      line("input [" + pick(UNITS) + "]");
    }
    for (int i = next(4); i > 0; i--) {
      vectorLayer();
    }
    line("dense " + pick(UNITS) + " " + pick(ACTIVATIONS));
    line("loss " + pick(LOSSES));
    if (maybe()) {
      StringBuilder m = new StringBuilder("metrics ").append(pick(METRICS));
      for (int k = next(3); k > 0; k--) {
        m.append(", ").append(pick(METRICS));
      }
      line(m.toString());
    }
    if (maybe()) {
      line("optimizer " + pick(OPTIMIZERS));
    }
    if (maybe()) {
      train();
    }
    if (maybe()) {
      data();
    }
  }

  private void vectorLayer() {
    switch (next(5)) {
      case 0, 1 -> {
        StringBuilder d = new StringBuilder("dense ").append(pick(UNITS));
        if (maybe()) {
          d.append(' ').append(pick(ACTIVATIONS));
        }
        if (maybe()) {
          d.append(" l2 = ").append(pick(RATES));
        }
        if (maybe()) {
          d.append(" use_bias = ").append(maybe());
        }
        if (maybe()) {
          d.append(" kernel_initializer = ").append(pick(INITIALIZERS));
        }
        line(d.toString());
      }
      case 2 -> line("dropout " + pick(RATES));
      case 3 -> line("activation " + pick(ACTIVATIONS));
      default -> batchNorm();
    }
  }

  private void imageLayer() {
    switch (next(5)) {
      case 0, 1 -> {
        StringBuilder c = new StringBuilder("conv2d ").append(pick(UNITS)).append(' ').append(pick(WINDOWS));
        if (maybe()) {
          c.append(' ').append(pick(ACTIVATIONS));
        }
        if (maybe()) {
          c.append(" padding = ").append(maybe() ? "same" : "valid");
        }
        if (maybe()) {
          c.append(" strides = ").append(pick(WINDOWS));
        }
        if (maybe()) {
          c.append(" l2 = ").append(pick(RATES));
        }
        line(c.toString());
      }
      case 2 -> {
        StringBuilder p = new StringBuilder(maybe() ? "maxpool2d " : "avgpool2d ").append(pick(WINDOWS));
        if (maybe()) {
          p.append(" strides = ").append(pick(WINDOWS));
        }
        if (maybe()) {
          p.append(" padding = ").append(maybe() ? "same" : "valid");
        }
        line(p.toString());
      }
      case 3 -> line(maybe() ? "dropout " + pick(RATES) : "activation " + pick(ACTIVATIONS));
      default -> batchNorm();
    }
  }

  private void sequenceLayer() {
    switch (next(4)) {
      case 0, 1 -> {
        StringBuilder c = new StringBuilder("conv1d ").append(pick(UNITS)).append(' ').append(pick(SIDES));
        if (maybe()) {
          c.append(' ').append(pick(ACTIVATIONS));
        }
        if (maybe()) {
          c.append(" padding = ").append(maybe() ? "causal" : maybe() ? "same" : "valid");
        }
        if (maybe()) {
          c.append(" strides = ").append(pick(SIDES));
        }
        line(c.toString());
      }
      case 2 -> {
        StringBuilder p = new StringBuilder(maybe() ? "maxpool1d " : "avgpool1d ").append(pick(SIDES));
        if (maybe()) {
          p.append(" strides = ").append(pick(SIDES));
        }
        if (maybe()) {
          p.append(" padding = ").append(maybe() ? "same" : "valid");
        }
        line(p.toString());
      }
      default -> line(maybe() ? "dropout " + pick(RATES) : "activation " + pick(ACTIVATIONS));
    }
  }

  private void batchNorm() {
    switch (next(4)) {
      case 0 -> line("batchnorm");
      case 1 -> line("batchnorm(momentum = " + pick(RATES) + ", epsilon = 1e-3)");
      case 2 -> line("layernorm");
      default -> line("layernorm epsilon = " + pick(RATES));
    }
  }

  private void train() {
    StringBuilder t = new StringBuilder("train {");
    if (maybe()) {
      t.append(" batch_size ").append(pick(COUNTS));
    }
    if (maybe()) {
      t.append(" epochs ").append(pick(COUNTS));
    }
    if (maybe()) {
      t.append(" validation_split ").append(pick(RATES));
    }
    if (maybe()) {
      t.append(" shuffle ").append(maybe());
    }
    if (maybe()) {
      t.append(" seed ").append(pick(COUNTS));
    }
    if (maybe()) {
      t.append("\n  early_stopping(monitor = ").append(maybe() ? "val_loss" : pick(METRICS)).append(", patience = ")
          .append(pick(COUNTS)).append(", restore_best_weights = ").append(maybe()).append(")\n");
    }
    line(t.append(" }").toString());
  }

  private void data() {
    line("data {");
    line("  train " + source() + (maybe() ? " scale " + pick(RATES) : ""));
    switch (next(3)) {
      case 0 -> line("  test split " + pick(RATES));
      case 1 -> line("  test " + source());
      default -> {
        // no test data
      }
    }
    if (maybe()) {
      line("  standardize");
    }
    line("}");
  }

  private String source() {
    if (maybe()) {
      return "csv(\"" + pick(STRINGS) + "\"" + (maybe() ? ", label = \"" + pick(LABELS) + "\"" : "") + ")";
    }
    return "idx(\"" + pick(STRINGS) + "\", \"" + pick(STRINGS) + "\")";
  }
}
