package dev.nnet.compiler.layers.embedding;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Embedding: each token id (a whole number in the input) picks its row of the table, as the runtime's Embedding. */
final class EmbeddingExport implements LayerExport {
  private final EmbeddingSpec spec;
  private final ExportClass cls;
  private final String steps;
  private final String inputDim;
  private final String outputDim;
  private final String table;
  private final String method;

  EmbeddingExport(EmbeddingSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    steps = cls.intConstant(n, "steps", spec.steps(), n + ": token ids per sample.");
    inputDim = cls.intConstant(n, "input_dim", spec.inputDim(), n + ": rows of the table, one per token id.");
    outputDim = cls.intConstant(n, "output_dim", spec.outputDim(), n + ": values per row.");
    table = cls.parameter(n, "embeddings", CodeBlock.of("$L * $L", inputDim, outputDim),
        spec.inputDim() * spec.outputDim(), n + ".embeddings [" + inputDim + ", " + outputDim + "]: one row per id.");
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    return Optional.of(MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: y[t] = E[id[t]] for each step t.\n", spec.name())
        .addStatement("$T y = new $T[$L * $L]", cls.array(), cls.scalar(), steps, outputDim)
        .beginControlFlow("for (int t = 0; t < $L; t++)", steps)
        .addStatement("int id = (int) x[t]")
        .beginControlFlow("if (id != x[t] || id < 0 || id >= $L)", inputDim)
        .addStatement("throw new $T(\"token id \" + x[t] + \" at step \" + t + \" is not a whole number in [0, \" + $L"
            + " + \")\")", IllegalArgumentException.class, inputDim)
        .endControlFlow()
        .addStatement("$T.arraycopy($L, id * $L, y, t * $L, $L)", System.class, table, outputDim, outputDim, outputDim)
        .endControlFlow()
        .addStatement("return y")
        .build());
  }
}
