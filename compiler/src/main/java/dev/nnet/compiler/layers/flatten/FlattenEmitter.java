package dev.nnet.compiler.layers.flatten;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;

/**
 * Flatten costs nothing: batches are stored [rows, values per sample] with each sample flattened channels last,
 * so the output is the input's buffers seen with a one-dimensional shape.
 */
final class FlattenEmitter implements LayerEmitter {
  private final FlattenSpec spec;

  FlattenEmitter(FlattenSpec spec) {
    this.spec = spec;
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    return input.reshaped(spec.outputShape());
  }

  @Override
  public Optional<MethodSpec> forward() {
    return Optional.empty();
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    return Optional.empty();
  }
}
