package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;
import java.util.List;

/** One entry of a {@code train { ... }} block. */
public sealed interface Setting {
  Identifier name();

  SourceSpan span();

  /** {@code epochs 10} */
  record ValueSetting(Identifier name, Value value, SourceSpan span) implements Setting {}

  /** {@code early_stopping(monitor = val_loss, patience = 3)} */
  record CallSetting(Identifier name, List<Arg> args, SourceSpan span) implements Setting {
    public CallSetting {
      args = List.copyOf(args);
    }
  }
}
