package dev.nnet.compiler.layers.embedding;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Param;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Keras' Embedding: each token id in the input buffer (a whole number) picks a row of the table; the backward step
 * adds each output row's gradient into the row it came from. Ids have no gradient. With mask_zero the forward step
 * also fills the network's {@code mask} (1 real step, 0 padding), which the layers after it that support masking
 * read. The work is in the runtime's Embedding.
 */
final class EmbeddingEmitter implements LayerEmitter, LayerEmitter.TokenTable {
  /** The runtime kernel this layer calls. */
  private static final ClassName EMBEDDING = ClassName.get(RuntimeTypes.KERNEL, "Embedding");

  private final EmbeddingSpec spec;
  private Tensor in;
  private Tensor out;
  private String steps;
  private String inputDim;
  private String outputDim;
  private Param table;
  private String forwardName;
  private String backwardName;
  /** Whether the next layer looks the ids up itself, so that this one computes no output. */
  private boolean lookedUp;

  EmbeddingEmitter(EmbeddingSpec spec) {
    this.spec = spec;
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public void precedes(LayerEmitter next) {
    lookedUp = next.looksUp(this);
  }

  @Override
  public Tensor ids() {
    return in;
  }

  @Override
  public Param table() {
    return table;
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    steps = lookedUp && !spec.maskZero() ? null : cls.intConstant(n, "steps", spec.steps());
    inputDim = cls.intConstant(n, "input_dim", spec.inputDim());
    outputDim = cls.intConstant(n, "output_dim", spec.outputDim());
    table = cls.parameter(n, "embeddings", CodeBlock.of(inputDim), CodeBlock.of(outputDim),
        List.of(inputDim, outputDim), true);
    cls.initialize.addStatement("$T.uniform($L.data, 0.05, $L)", RuntimeTypes.INITIALIZERS, table.value(),
        ClassBuilder.INIT_RNG);
    if (spec.maskZero()) {
      cls.bufferFields.add(FieldSpec.builder(cls.num.array(), ClassBuilder.MASK, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The batch's mask from $L (mask_zero): 1 for a real step, 0 for padding (token 0), row-major"
              + " rows × $L.\n", n, steps)
          .build());
      cls.allocate.addStatement("$L = new $T[$L * $L]", ClassBuilder.MASK, cls.num.array().componentType(),
          ClassBuilder.CAPACITY,
          steps);
    }
    // looked up by the next layer: no buffers, only the shape it reads
    out = lookedUp ? new Tensor(null, null, null, spec.outputShape())
        : cls.tensor(n, "out", cls.intConstant(n, "size", spec.outputShape().size()), spec.outputShape(),
            outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  private CodeBlock count() {
    return CodeBlock.of("$L * $L", ClassBuilder.ROWS, steps);
  }

  @Override
  public Optional<MethodSpec> forward() {
    if (lookedUp) {
      return spec.maskZero() ? Optional.of(MethodSpec.methodBuilder(forwardName)
          .addModifiers(Modifier.PRIVATE)
          .addJavadoc("$L: mask[t] = (id[t] != 0); the layer after it looks the ids up in the table.\n", spec.name())
          .addStatement("$T.mask($L.data, $L, $L)", EMBEDDING, in.value(), count(), ClassBuilder.MASK)
          .build()) : Optional.empty();
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y[t] = E[id[t]], one row of the table per step$L.\n", spec.name(),
            spec.maskZero() ? "; mask[t] = (id[t] != 0)" : "")
        .addStatement("$T.forward($L.data,$W$L,$W$L.data,$W$L,$W$L,$W$L.data)", EMBEDDING, in.value(),
            count(), table.value(), inputDim, outputDim, out.value());
    if (spec.maskZero()) {
      m.addStatement("$T.mask($L.data, $L, $L)", EMBEDDING, in.value(), count(), ClassBuilder.MASK);
    }
    return Optional.of(m.build());
  }

  @Override
  public List<MethodSpec> networkMethods() {
    return List.of(MethodSpec.methodBuilder("vocabularySize")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(int.class)
        .addJavadoc("The ids $L has rows for: data readers refuse any other id, naming its row.\n", spec.name())
        .addStatement("return $L", inputDim)
        .build());
  }

  @Override
  public String whyNoForwardStep() {
    return "the layer after it looks the ids up in the table";
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (lookedUp) {
      return Optional.empty(); // the layer after it writes the table's gradient
    }
    return Optional.of(MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dE[k] = Σ dy[t] over the steps t whose id is k (no gradient for the ids).\n",
            spec.name())
        .addStatement("$T.backward($L.data,$W$L.data,$W$L,$W$L,$W$L,$W$L.data)", EMBEDDING, in.value(),
            out.gradient(), count(), inputDim, outputDim, table.gradient())
        .build());
  }
}
