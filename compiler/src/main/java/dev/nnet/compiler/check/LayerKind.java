package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * One layer keyword of the language and how it is checked: its parameters in positional order, how many may be
 * positional, the spec class it makes, its argument checking and shape rule, and what it does with an embedding's
 * mask. Each kind's package under {@code dev.nnet.compiler.layers} declares its keywords; the compiler's
 * {@code LayerTable} lists them all and hands them to the {@link Checker}.
 *
 * @param spec the record the check makes, which {@code LayerTableTest} matches against every {@link LayerSpec}
 * @param mask what the layer does with a masked input; empty when it does not support masking: after a masked
 *     sequence it is an error ({@link dev.nnet.compiler.diag.Codes#MASK_NOT_SUPPORTED}), as Keras 2 refuses it
 *     (a convolution or window pooling would mix padded steps into real ones)
 */
public record LayerKind(String keyword, Class<? extends LayerSpec> spec, List<String> parameters, int positional,
    Check check, Optional<MaskRule> mask) {
  public LayerKind {
    parameters = List.copyOf(parameters);
  }

  /** A keyword that does not support masking; {@link #masking} gives it a rule. */
  public static LayerKind of(String keyword, Class<? extends LayerSpec> spec, List<String> parameters,
      int positional, Check check) {
    return new LayerKind(keyword, spec, parameters, positional, check, Optional.empty());
  }

  /** This keyword, passing an embedding's mask on as {@code rule} says. */
  public LayerKind masking(MaskRule rule) {
    return new LayerKind(keyword, spec, parameters, positional, check, Optional.of(rule));
  }

  /** How one kind is checked: its arguments bound, its spec built, its output shape inferred. */
  @FunctionalInterface
  public interface Check {
    LayerChecker.Result check(LayerChecker checker, Statement.LayerDecl layer, String name, Optional<Shape> input,
        Arguments args);
  }

  /**
   * Whether a layer passes an embedding's mask on, given its declaration, as Keras does: element-wise layers and
   * normalization keep it, flatten and global pooling drop it (their output has no steps), recurrent layers keep it
   * with {@code return_sequences} and drop it without.
   */
  @FunctionalInterface
  public interface MaskRule {
    boolean passesMask(Statement.LayerDecl layer);
  }

  /** The mask flows on unchanged (element-wise layers, normalization, dense). */
  public static final MaskRule KEEPS_MASK = l -> true;

  /** The output has no steps left to mask (flatten, global pooling). */
  public static final MaskRule DROPS_MASK = l -> false;
}
