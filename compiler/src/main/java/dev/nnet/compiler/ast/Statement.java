package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;
import java.util.List;

/** One top-level statement of a model file. */
public sealed interface Statement {
  SourceSpan span();

  /** {@code model FashionMlp} */
  record ModelDecl(Identifier name, SourceSpan span) implements Statement {}

  /** {@code package com.example.models} */
  record PackageDecl(List<Identifier> parts, SourceSpan span) implements Statement {
    public PackageDecl {
      parts = List.copyOf(parts);
    }
  }

  /** {@code precision float64} */
  record PrecisionDecl(Identifier value, SourceSpan span) implements Statement {}

  /** {@code input [28, 28, 1]} */
  record InputDecl(Value shape, SourceSpan span) implements Statement {}

  /** A layer: {@code dense 128 relu}, {@code conv2d 32 3x3 relu padding = same}. */
  record LayerDecl(Identifier kind, List<Arg> args, SourceSpan span) implements Statement {
    public LayerDecl {
      args = List.copyOf(args);
    }
  }

  /** {@code loss huber(delta = 0.5)} */
  record LossDecl(Value.Call loss, SourceSpan span) implements Statement {}

  /** {@code metrics accuracy, top_k_accuracy(k = 3)} */
  record MetricsDecl(List<Value.Call> metrics, SourceSpan span) implements Statement {
    public MetricsDecl {
      metrics = List.copyOf(metrics);
    }
  }

  /** {@code optimizer adam(learning_rate = 0.001)} */
  record OptimizerDecl(Value.Call optimizer, SourceSpan span) implements Statement {}

  /** {@code train { batch_size 32  epochs 10 }}; entries the parser could not read are left out. */
  record TrainBlock(List<Setting> settings, SourceSpan span) implements Statement {
    public TrainBlock {
      settings = List.copyOf(settings);
    }
  }

  /** {@code data { train ... test ... }}; entries the parser could not read are left out. */
  record DataBlock(List<DataEntry> entries, SourceSpan span) implements Statement {
    public DataBlock {
      entries = List.copyOf(entries);
    }
  }

  /**
   * A statement with a syntax error, already reported. {@code keyword} is what it starts with ({@code loss},
   * {@code dense}), empty when not even that could be read; the checker counts it as present (no "missing
   * `loss`" on top of the syntax error) and treats shapes after a broken layer as unknown.
   */
  record Broken(String keyword, SourceSpan span) implements Statement {}
}
