package dev.nnet.compiler.export;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;

/**
 * One layer in the exported class: its constants and weights (declared when made), and the private method computing
 * it at inference from the previous layer's output, channels last, one sample. Each layer kind has its
 * implementation in its own package under {@code dev.nnet.compiler.layers}, beside its spec, which makes it
 * ({@link Source}).
 */
public interface LayerExport {
  /** What every layer spec is: the maker of its export writer ({@code dev.nnet.compiler.layers.Layer} extends it). */
  interface Source {
    /** This layer's part of the exported class {@code cls}: its members are declared in {@code cls} now. */
    LayerExport export(ExportClass cls);
  }

  /** The export writer of {@code layer}: every layer kind's spec is a {@link Source}, as {@code LayerTableTest} checks. */
  static LayerExport of(LayerSpec layer, ExportClass cls) {
    return ((Source) layer).export(cls);
  }

  LayerSpec spec();

  /** The method {@code private T[] name(T[] x)}, or empty when the layer does nothing at inference. */
  Optional<MethodSpec> method();

  /**
   * Whether the method also takes the model's input, {@code private T[] name(T[] x, T[] ids)}: a pooling after an
   * embedding with mask_zero reads which steps are padding (id 0) from the token ids.
   */
  default boolean readsInput() {
    return false;
  }

  /** Why the layer has no method, for a comment where it would be called. */
  default String note() {
    return "";
  }

  /** A layer that is the identity at inference. */
  record Identity(LayerSpec spec, String note) implements LayerExport {
    @Override
    public Optional<MethodSpec> method() {
      return Optional.empty();
    }
  }
}
