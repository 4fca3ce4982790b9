package dev.nnet.runtime.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a text becomes tokens, as a model's {@code input text(...)} says: lowercased (Unicode, {@link Locale#ROOT})
 * when {@code lowercase}, then split into characters (Unicode code points; spaces are characters too) or into words
 * (runs of characters other than white space; punctuation stays part of its word, unlike Keras'
 * default standardization, which strips it). A {@link Vocabulary} then turns tokens into ids.
 *
 * <p>The exported standalone class repeats exactly these steps in plain JDK code; a test checks the two agree.
 *
 * @param maxLength the sequence length: texts are cut to it or padded at the end with 0
 * @param maxTokens the vocabulary's size at most, padding (0) and out-of-vocabulary (1) included
 * @param split characters or words
 * @param lowercase whether to lowercase before splitting
 */
// Serializable: a distributed trainer sends it to the machines that tokenize the rows they hold.
public record Tokenizer(int maxLength, int maxTokens, Split split, boolean lowercase) implements Serializable {
  /** What a token is. */
  public enum Split {
    CHARACTERS,
    WORDS
  }

  public Tokenizer {
    if (maxLength < 1) {
      throw new IllegalArgumentException("max_length must be at least 1, got " + maxLength);
    }
    if (maxTokens < 3) {
      throw new IllegalArgumentException("max_tokens must be at least 3, got " + maxTokens);
    }
  }

  /** The tokens of {@code text}, all of them (the vocabulary cuts to {@link #maxLength}). */
  public List<String> tokens(String text) {
    String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
    List<String> out = new ArrayList<>();
    if (split == Split.CHARACTERS) {
      t.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
      return out;
    }
    int i = 0;
    int n = t.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(t.substring(start, i));
      }
    }
    return out;
  }
}
