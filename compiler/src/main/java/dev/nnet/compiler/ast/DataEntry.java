package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;
import java.util.Optional;

/** One entry of a {@code data { ... }} block. */
public sealed interface DataEntry {
  SourceSpan span();

  /** {@code train csv("iris.csv", label = "species")} or {@code test idx("images", "labels") scale 1/255}. */
  record SourceEntry(boolean test, Value.Call source, Optional<Value> scale, SourceSpan span) implements DataEntry {}

  /** {@code test split 0.2}: hold out a fraction of the training source. */
  record TestSplit(Value fraction, SourceSpan span) implements DataEntry {}

  /** {@code standardize}: shift and scale each feature by the training part's mean and deviation. */
  record Standardize(SourceSpan span) implements DataEntry {}

  /** An entry with a syntax error, already reported; {@code keyword} is its first word ({@code train}). */
  record Broken(String keyword, SourceSpan span) implements DataEntry {}

  /** An entry that starts with a word the data block does not know (a misspelt {@code train}). */
  record Unknown(Identifier word, SourceSpan span) implements DataEntry {}
}
